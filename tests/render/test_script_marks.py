"""Text kept as published is an attribute of the model, not a character in it."""

from briefgen import document as d
from briefgen.render.escape import Foreign, Literal
from briefgen.render.markdown import Converter
from briefgen.render.script import finish_script

PRIVATE = ("\ue001", "\ue002")


def _paragraph(markdown: str) -> d.Paragraph:
    converter = Converter(cite_note=lambda i: (), figure=lambda name: None)
    (block,) = converter.document(markdown)
    assert isinstance(block, d.Paragraph)
    return block


def test_a_name_kept_as_published_reaches_the_model_as_an_attribute():
    markdown = f"{Literal('Prema autoru')} {Foreign('Vladisavljev').__html__()}, Beograd."
    paragraph = _paragraph(markdown)
    assert paragraph.children == (d.Text("Prema autoru "), d.Text("Vladisavljev", keep_script=True),
                                  d.Text(", Beograd."))


def test_the_cyrillic_brief_keeps_it_latin_and_joins_the_text_back():
    paragraph = _paragraph(f"Prema {Foreign('Vladisavljev').__html__()}, Beograd.")
    finished = finish_script(d.Document(d.Meta("t"), (paragraph,)), cyrillic=True)
    assert finished.blocks[0].children == (d.Text("Према Vladisavljev, Београд."),)


def test_an_input_cannot_forge_the_mark():
    forged = Literal("\ue001Beograd\ue002")
    paragraph = _paragraph(forged.__html__())
    assert not any(node.keep_script for node in paragraph.children)
    assert not any(c in paragraph.children[0].text for c in PRIVATE)


def test_no_mark_is_left_in_any_shipped_brief():
    from pathlib import Path

    from briefgen.inputs.case import read_case
    from briefgen.project import find_project
    from briefgen.render import render_audience

    project = find_project(Path(__file__).resolve().parents[2])
    case, _ = read_case(project, "china-serbia-exercise-2025")
    for audience in case.audiences.values():
        for locale in audience.locales:
            document = render_audience(project, case, audience.in_locale(locale)).document
            texts = [n.text for n in d.walk(document) if isinstance(n, d.Text)]
            assert not any(c in t for t in texts for c in PRIVATE), (audience.id, locale)
            assert not any(n.keep_script for n in d.walk(document) if isinstance(n, d.Text))


def test_a_mark_inside_a_name_from_the_inputs_is_dropped_not_kept():
    from briefgen.render.script import keep_script, marked_spans

    spans = marked_spans((d.Text("by " + keep_script("Z\ue001ed\ue002")),))
    assert spans == (d.Text("by "), d.Text("Zed", keep_script=True))


# -- citations and figures: tokens of their own, not borrowed syntax ------------

def _convert(markdown: str, notes: dict, figures: dict):
    converter = Converter(cite_note=notes.get, figure=figures.get)
    return converter.document(markdown), converter.warnings


def test_a_citation_directive_becomes_a_note_numbered_in_reading_order():
    notes = {0: (d.Paragraph((d.Text("first"),)),), 1: (d.Paragraph((d.Text("second"),)),)}
    (paragraph,), warnings = _convert("A{cite:1} and B{cite:0}.", notes, {})
    assert [n for n in paragraph.children if isinstance(n, d.Note)] == [
        d.Note(1, notes[1]), d.Note(2, notes[0])]
    assert not warnings


def test_a_figure_directive_on_its_own_line_becomes_the_figure():
    figure = d.Figure(d.Timeline(()), (d.Text("Timeline"),))
    blocks, _ = _convert("Before.\n\n{figure:timeline-0}\n\nAfter.", {}, {"timeline-0": figure})
    assert blocks[1] == figure and len(blocks) == 3


def test_a_directive_render_did_not_make_is_reported_and_kept_as_text():
    blocks, warnings = _convert("See {cite:7}.\n\n{figure:nothing}\n", {}, {})
    assert d.plain_text(blocks[0].children) == "See {cite:7}."
    assert d.plain_text(blocks[1].children) == "{figure:nothing}"
    assert [w.node_kind for w in warnings] == ["{cite:7}", "{figure:nothing}"]
