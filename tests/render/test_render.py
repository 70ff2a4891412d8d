"""Templates → Markdown → document model: what the reader will see."""

from __future__ import annotations

import pytest

from briefgen import document as d
from briefgen.errors import TemplateFailure
from briefgen.inputs.case import read_case
from briefgen.project import find_project
from briefgen.render import render_audience
from tests.conftest import edit
from tests.reading import all_text


def rendered(root, audience="eu", case_id="mini"):
    """Render without `check` (which would report a template error itself)."""
    project = find_project(root)
    case, _reading = read_case(project, case_id)
    return render_audience(project, case, case.audiences[audience])


def notes(document):
    return [(n.number, all_text(n.blocks)) for n in d.iter_notes(document.blocks)]


def test_footnotes_follow_chicago_style_in_reading_order(project_copy):
    doc = rendered(project_copy()).document
    texts = notes(doc)
    assert [n for n, _ in texts] == list(range(1, len(texts) + 1))
    # First citation of a source in full, with outlet, date and URL; then short.
    assert texts[0][1] == ("\u201cA newspaper article,\u201d The Daily, 20 July 2025, "
                           "https://example.org/article. [B2]")
    assert texts[2][1] == "The Daily, \u201cA newspaper article.\u201d [B2]"
    assert "Jane Doe, \u201cA blog post.\u201d [D4]" in [t for _, t in texts]


def test_outlet_is_italic_and_url_is_a_link(project_copy):
    first = next(d.iter_notes(rendered(project_copy()).document.blocks))
    inlines = first.blocks[0].children
    assert d.Emph((d.Text("The Daily"),)) in inlines
    assert any(isinstance(i, d.Link) and i.url == "https://example.org/article" for i in inlines)


def test_likelihood_and_confidence_are_separate_sentences(project_copy):
    text = all_text(rendered(project_copy()).document.blocks)
    assert ("We assess it is likely (55–80 %) that the exercise will be repeated. "
            "Moderate confidence.") in text


HOSTILE = "Stars *x* _u_ <b>tag</b> & [^1] {{ case.title }} `c` [link](https://evil.example) # 1."


def test_inputs_reach_the_reader_literally(project_copy):
    root = project_copy()
    edit(root / "inputs/mini/facts.yaml", "{en: The exercise was held in July.,",
         "{en: '" + HOSTILE + "',")
    result = rendered(root)
    assert HOSTILE in all_text(result.document.blocks)
    assert not any(isinstance(n, d.Link) and "evil" in n.url
                   for b in result.document.blocks if isinstance(b, d.Paragraph)
                   for n in b.children)


def test_template_error_names_file_and_line(project_copy):
    root = project_copy()
    edit(root / "templates/eu/brief.md.j2", "## Background", "## Background {{ no_such_name }}")
    with pytest.raises(TemplateFailure) as caught:
        rendered(root)
    diagnostic = caught.value.diagnostic
    assert diagnostic.location.path.name == "brief.md.j2"
    assert diagnostic.location.line == 9
    assert "no_such_name" in diagnostic.message


def test_template_syntax_error_is_located(project_copy):
    root = project_copy()
    edit(root / "templates/eu/brief.md.j2", "## Background", "{% if %}")
    with pytest.raises(TemplateFailure) as caught:
        rendered(root)
    assert caught.value.diagnostic.location.line == 9
    assert "syntax error" in caught.value.diagnostic.message


def test_sandbox_refuses_python_internals(project_copy):
    root = project_copy()
    edit(root / "templates/eu/brief.md.j2", "## Background",
         "{{ cite.__globals__ }}{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateFailure) as caught:
        rendered(root)
    assert "brief.md.j2" in str(caught.value.diagnostic.location.path)


def test_serbian_latin_audience(project_copy):
    doc = rendered(project_copy(), "rs").document
    text = all_text(doc.blocks)
    # conventions.md: "Procenjujemo da je verovatno (55–80 %) da …"; confidence
    # is "stepen poverenja", never "pouzdanost" (a source's reliability).
    assert "Procenjujemo da je verovatno (55–80 %) da će vežba biti ponovljena. " \
           "Stepen poverenja: umeren." in text
    assert "19.–28. jul 2025." in text
    assert doc.meta.page_label == "Strana"


def test_serbian_cyrillic_through_transliteration(project_copy):
    root = project_copy()
    edit(root / "templates/rs/audience.yaml", "locale: sr-Latn", "locale: sr-Cyrl")
    doc = rendered(root, "rs").document
    text = all_text(doc.blocks)
    assert "Кључне процене" in text  # the template's own words
    assert "Вежба је одржана у јулу." in text  # the input, transliterated
    assert "TLP:CLEAR" == doc.meta.marking
    full = [t for _, t in notes(doc) if "A newspaper article" in t][0]  # stays Latin
    assert "20. јул 2025." in full and "[B2]" in full
    sources_table = [b for b in doc.blocks if isinstance(b, d.Table)][-1]
    # Serbian quotation marks in every part of the brief, the source summary too
    assert d.plain_text(sources_table.rows[0][0]) == "The Daily, \u201eA newspaper article\u201c"
    assert d.plain_text(sources_table.rows[0][1]) == "B: углавном поуздан"
