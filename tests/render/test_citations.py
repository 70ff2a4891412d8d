"""Citation details a reader sees in every note (conventions.md, "Footnotes")."""

import pytest

from briefgen.render.citations import paragraph_locator


@pytest.mark.parametrize("given, english, serbian", [
    ("para. 2", "para. 2", "par. 2"),
    ("para. 2–3", "paras. 2–3", "par. 2–3"),
    ("para. 2, 12", "paras. 2, 12", "par. 2, 12"),
    ("paras. 4", "para. 4", "par. 4"),
    ("Para 7", "para. 7", "par. 7"),
    ("p. 5", "p. 5", "p. 5"),  # not a paragraph: as written
    ("section 2", "section 2", "section 2"),
])
def test_paragraph_locators_follow_chicago_and_serbian_usage(given, english, serbian):
    assert paragraph_locator(given, "en-GB") == english
    assert paragraph_locator(given, "sr-Latn") == serbian
