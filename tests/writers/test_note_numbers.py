"""Render owns note numbers; the DOCX and the PDF print the same ones.

A brief's notes sit in headings, list items, nested lists, table cells and
quotes. Render numbers them in reading order (``Note.number``); each writer
must show a reader exactly that number beside exactly that note's text.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from itertools import pairwise

import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefgen import document as d
from briefgen.render.markdown import Converter
from briefgen.writers import docx, pdf
from tests.reading import note_links

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

# Each note's text opens with a token naming where it is referenced.
MARKDOWN = """\
## Notes everywhere[^head]

An opening paragraph.[^intro]

- A first item.[^item]
  - A nested item.[^nested]
- A second item, no note.

| Actor[^th] | Source |
|---|---|
| Account A | a report[^cellA] |
| Account B | a post[^cellB] and a reply[^cellB2] |

1. A step.[^step]

> A quotation.[^quote]

A closing paragraph.[^close]

[^head]: NTKhead on the heading.
[^intro]: NTKintro on the paragraph.
[^item]: NTKitem on a list item.
[^nested]: NTKnested on a nested item.
[^th]: NTKth on a header cell.
[^cellA]: NTKcellA on a body cell.
[^cellB]: NTKcellB on a body cell.
[^cellB2]: NTKcellB2 later in the same cell.
[^step]: NTKstep on an ordered item.
[^quote]: NTKquote in a quote.
[^close]: NTKclose at the end.
"""
TOKEN = re.compile(r"NTK\w+")


@pytest.fixture(scope="module")
def document() -> d.Document:
    blocks = Converter(cite_note=lambda i: (), figure=lambda body: None).document(MARKDOWN)
    return d.Document(d.Meta(title="Note numbers"), blocks)


@pytest.fixture(scope="module")
def numbered(document) -> dict[int, str]:
    """Note.number -> the token of its text, as render numbered them."""
    return {n.number: TOKEN.search(d.plain_text(n.blocks[0].children)).group()
            for n in d.iter_notes(document)}


def test_render_numbers_the_notes_in_reading_order(numbered):
    assert numbered == dict(enumerate(
        ["NTKhead", "NTKintro", "NTKitem", "NTKnested", "NTKth", "NTKcellA", "NTKcellB",
         "NTKcellB2", "NTKstep", "NTKquote", "NTKclose"], start=1))


def test_docx_footnotes_carry_note_numbers_in_the_order_word_counts_them(document, numbered):
    data = docx.write(document, d.WriterOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    references = [int(r.get(qn("w:id"))) for r in body.iter(qn("w:footnoteReference"))]
    # Word prints the n-th reference as n: it must be the id render gave.
    assert references == list(range(1, len(numbered) + 1))
    texts = {int(n.get(qn("w:id"))): "".join(n.itertext())
             for n in notes.findall("w:footnote", NS) if n.get(qn("w:type")) is None}
    assert {number: TOKEN.search(text).group() for number, text in texts.items()} == numbered


def test_pandoc_reads_each_docx_note_under_its_number(document, numbered, tmp_path):
    source = tmp_path / "notes.docx"
    source.write_bytes(docx.write(document, d.WriterOptions()))
    plain = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", str(source)], check=True,
                           capture_output=True, text=True, timeout=60).stdout
    shown = {int(n): token for n, token in re.findall(r"^\[(\d+)\] (NTK\w+)", plain, re.M)}
    assert shown == numbered


def test_pdf_markers_and_note_texts_carry_note_numbers(document, numbered):
    data = pdf.write(document, d.WriterOptions())
    assert sorted(note_links(data)) == sorted(numbered)  # each marker jumps to its note
    printed = {}
    with pdfplumber.open(io.BytesIO(data)) as file:
        for page in file.pages:
            words = page.extract_words()
            for number, text in pairwise(words):
                if number["text"].isdigit() and TOKEN.fullmatch(text["text"]):
                    printed[int(number["text"])] = text["text"]
    assert printed == numbered


def test_docx_refuses_two_notes_with_one_number():
    """Only render numbers notes; a document that repeats one is a bug, not
    a file Word would call corrupt (two footnotes with one id)."""
    note = d.Note(1, (d.Paragraph((d.Text("once"),)),))
    twice = d.Document(d.Meta(title="Twice"), (d.Paragraph((note,)), d.Paragraph((note,))))
    with pytest.raises(ValueError, match="a second note numbered 1"):
        docx.write(twice, d.WriterOptions())
