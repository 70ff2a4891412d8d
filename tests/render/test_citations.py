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


# -- an outlet's abbreviation: introduced in the first note, used after -------

from briefgen.document import Document, Meta, Note, Paragraph, plain_text  # noqa: E402
from briefgen.inputs.schema import Source  # noqa: E402
from briefgen.locale.labels import labels_for  # noqa: E402
from briefgen.render.citations import CitationRef, CitationStyle  # noqa: E402
from briefgen.render.script import finish_script, marked_blocks  # noqa: E402

OUTLET = Source.model_validate({
    "id": "rferl", "type": "article-newspaper", "reliability": "B",
    "title": "China announces military training with Serbia, Brussels warns Belgrade",
    "container-title": "Radio Free Europe/Radio Liberty", "issued": "2025-07-20",
    "container-title-short": {"en": "RFE/RL", "sr": "RSE"}})


def _notes(locale: str) -> list[str]:
    """The first and a later note citing OUTLET, as the reader sees them."""
    style = CitationStyle({"rferl": OUTLET}, frozenset({"rferl"}), locale, labels_for(locale))
    ref = CitationRef("rferl", 2, "para. 4")
    # as the Markdown reader makes them: marks become Text.keep_script
    notes = tuple(Paragraph((Note(n, marked_blocks(style.note([ref]))),)) for n in (1, 2))
    finished = finish_script(Document(Meta("t"), notes), cyrillic=locale == "sr-Cyrl")
    return [plain_text(block.children[0].blocks[0].children) for block in finished.blocks]


def test_the_first_note_introduces_the_outlets_abbreviation_and_later_ones_use_it():
    first, later = _notes("en-GB")
    assert first == ("\u201cChina announces military training with Serbia, Brussels warns "
                     "Belgrade,\u201d Radio Free Europe/Radio Liberty (RFE/RL), 20 July 2025, "
                     "para. 4. [B2]")
    assert later == ("RFE/RL, \u201cChina announces military training with Serbia,\u201d "
                     "para. 4. [B2]")


def test_a_serbian_brief_abbreviates_the_outlet_the_serbian_way():
    first, later = _notes("sr-Latn")
    assert "Radio Free Europe/Radio Liberty (RSE), 20. jul 2025., par. 4. [B2]" in first
    assert later == "RSE, \u201eChina announces military training with Serbia\u201c, par. 4. [B2]"


def test_a_cyrillic_note_writes_its_own_words_in_cyrillic_and_titles_as_published():
    first, later = _notes("sr-Cyrl")
    assert ("Radio Free Europe/Radio Liberty (\u0420\u0421\u0415), "
            "20. \u0458\u0443\u043b 2025.") in first
    assert later == ("\u0420\u0421\u0415, \u201eChina announces military training with "
                     "Serbia\u201c, \u043f\u0430\u0440. 4. [B2]")
