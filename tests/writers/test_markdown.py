"""The Markdown writer: what pandoc reads back is the same text and notes."""

from __future__ import annotations

import json
import subprocess

from briefgen import document as d
from briefgen.writers.markdown import write

DOC = d.Document(
    d.Meta(title="T: a \"quoted\" title", audience="EU brief", date="1 August 2025"),
    (
        d.Heading(2, (d.Text("Heading *not emphasis*"),)),
        d.Paragraph((d.Text("Literal [^1] <b> & {{ x }}."),
                     d.Note(1, (d.Paragraph((d.Text("A note, "), d.Emph((d.Text("Outlet"),)),
                                             d.Text(". [B2]"))),)))),
        d.BulletList(((d.Paragraph((d.Text("item"), d.Note(2, (d.Paragraph(
            (d.Link("https://example.org/a_(b)", (d.Text("https://example.org/a_(b)"),)),)),)))),),)),
        d.Table(((d.Text("A"),), (d.Text("B|C"),)), (((d.Text("1"),), (d.Text("2"),)),)),
        d.Figure(d.Timeline((d.TimelineEvent("2025-07-19", "2025-07-28", "19–28 July 2025",
                                             "Exercise"),)), (d.Text("Timeline"),)),
    ),
)


def pandoc_json(markdown: bytes) -> dict:
    done = subprocess.run(["pandoc", "-f", "markdown", "-t", "json"], input=markdown,
                          capture_output=True, check=True, timeout=60)
    return json.loads(done.stdout)


def test_pandoc_reads_the_same_notes_and_literal_text():
    markdown = write(DOC)
    ast = pandoc_json(markdown)
    text = json.dumps(ast, ensure_ascii=False)
    assert text.count('"t": "Note"') == 2
    assert ast["meta"]["title"]["c"][0]["c"] == "T:"
    plain = subprocess.run(["pandoc", "-f", "markdown", "-t", "plain"], input=markdown,
                           capture_output=True, check=True, text=False).stdout.decode()
    assert "Literal [^1] <b> & {{ x }}." in plain
    assert "Heading *not emphasis*" in plain
    assert "https://example.org/a_(b)" in plain
    assert "19–28 July 2025" in plain and "B|C" in plain


def test_note_definitions_follow_reading_order_a_note_in_a_note_after_its_holder():
    inner = d.Note(2, (d.Paragraph((d.Text("inner"),)),))
    document = d.Document(d.Meta(title="T"), (
        d.Paragraph((d.Text("a"), d.Note(1, (d.Paragraph((d.Text("outer"), inner)),)))),
        d.Paragraph((d.Text("b"), d.Note(3, (d.Paragraph((d.Text("last"),)),)))),
    ))
    text = write(document).decode()
    definitions = [line for line in text.splitlines() if line.startswith("[^")]
    assert definitions == ["[^1]: outer[^2]", "[^2]: inner", "[^3]: last"]
