"""A node a stage cannot render is reported in words a user reads, never
dropped silently: the Markdown reader's tokens and each writer's nodes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pypdf
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin

from briefgen import document as d
from briefgen.inputs.case import read_case
from briefgen.project import find_project
from briefgen.render import render_audience
from briefgen.render.markdown import Converter
from briefgen.warnings import unrendered, writer_warnings
from briefgen.writers import docx, markdown, pdf
from tests.test_document import sample

WRITERS = {"docx": docx, "pdf": pdf, "markdown": markdown}


@dataclass(frozen=True)
class Sidebar:
    """A block the model might gain one day, which no writer renders yet."""

    text: str


def with_sidebar() -> d.Document:
    return d.Document(d.Meta(title="Sidebar"), (
        d.Heading(2, (d.Text("Background"),)),
        d.Paragraph((d.Text("Before the sidebar"),)),
        Sidebar("SIDEBAR TEXT"),  # not a Block: the point
        d.Paragraph((d.Text("After the sidebar"),)),
    ))


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


READ = {"docx": docx_text, "pdf": pdf_text, "markdown": bytes.decode}


# --- writers -------------------------------------------------------------------


def test_each_writer_reports_the_node_it_cannot_render_under_its_heading():
    messages = [w.message() for w in writer_warnings(with_sidebar(), WRITERS)]
    assert messages == [
        'the DOCX writer cannot render `Sidebar` under the heading "Background": it is left out',
        'the PDF writer cannot render `Sidebar` under the heading "Background": it is left out',
        'the Markdown writer cannot render `Sidebar` under the heading "Background": '
        "it is left out",
    ]


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_writer_writes_the_rest_of_the_document(fmt):
    text = READ[fmt](WRITERS[fmt].write(with_sidebar(), d.WriterOptions()))
    assert "Before the sidebar" in text and "After the sidebar" in text
    assert "SIDEBAR TEXT" not in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_a_writer_given_a_node_it_does_not_handle_fails_loudly(fmt, monkeypatch):
    """Its dispatch has no silent default: were SUPPORTED to claim a type the
    dispatch does not draw, writing fails with an internal error."""
    monkeypatch.setattr(WRITERS[fmt], "SUPPORTED", WRITERS[fmt].SUPPORTED | {Sidebar})
    with pytest.raises(TypeError, match="internal error: the .* writer has no renderer "
                                        "for Sidebar"):
        WRITERS[fmt].write(with_sidebar(), d.WriterOptions())


def test_a_node_inside_a_list_item_or_note_is_reported_and_left_out():
    inner = d.Note(1, (d.Paragraph((d.Text("note text"),)), Sidebar("in a note")))
    document = d.Document(d.Meta(title="Nested"), (
        d.BulletList(((d.Paragraph((d.Text("item"), inner)), Sidebar("in an item")),)),
    ))
    found = unrendered(document, pdf.SUPPORTED, "PDF writer")
    assert [(w.node_kind, w.where) for w in found] == [("Sidebar", "before the first heading")] * 2
    text = pdf_text(pdf.write(document, d.WriterOptions()))
    assert "item" in text and "note text" in text and "in a" not in text


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_writer_renders_every_node_of_the_model(fmt):
    everything = {*d.Block.__args__, *d.Inline.__args__}
    assert WRITERS[fmt].SUPPORTED == everything
    assert writer_warnings(sample(), [fmt]) == ()
    assert WRITERS[fmt].write(sample(), d.WriterOptions())


# --- the Markdown reader -------------------------------------------------------


def with_plugins() -> MarkdownIt:
    """Our parser with plugins the templates' Markdown does not have."""
    return (MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)
            .use(deflist_plugin).use(front_matter_plugin).use(sub_plugin))


def convert(text: str) -> tuple[Converter, tuple[d.Block, ...]]:
    converter = Converter(cite_note=lambda i: (), figure=lambda body: None,
                          markdown=with_plugins())
    return converter, converter.document(text)


def test_an_unknown_markdown_block_is_reported_and_its_text_kept_as_paragraphs():
    converter, blocks = convert("## Key judgements\n\nTerm\n: Definition[^a] in *italics*\n\n"
                                "[^a]: The note.\n")
    assert [w.message() for w in converter.warnings] == [
        'the Markdown reader cannot render `dl` under the heading "Key judgements": '
        "its text is kept as plain paragraphs"]
    assert [type(b).__name__ for b in blocks] == ["Heading", "Paragraph", "Paragraph"]
    assert d.plain_text(blocks[1].children) == "Term"
    assert d.plain_text(blocks[2].children) == "Definition in italics"
    assert [n.number for n in d.iter_notes(blocks)] == [1]


def test_front_matter_and_an_unknown_inline_are_reported_with_their_text_kept():
    converter, blocks = convert("---\nkey: value\n---\nH~2~O\n")
    assert [w.message() for w in converter.warnings] == [
        "the Markdown reader cannot render `front_matter` before the first heading: "
        "its text is kept as plain paragraphs",
        "the Markdown reader cannot render `sub` before the first heading: "
        "its text is kept as plain text"]
    assert [d.plain_text(b.children) for b in blocks] == ["key: value", "H2O"]


def test_our_templates_markdown_renders_with_no_warning(project_copy):
    project = find_project(project_copy())
    case, _ = read_case(project, "mini")
    for audience in case.audiences.values():
        rendered = render_audience(project, case, audience)
        assert rendered.warnings == ()
        assert writer_warnings(rendered.document) == ()
