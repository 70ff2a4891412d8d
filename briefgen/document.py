"""The document model every writer consumes.

Pandoc-style: a document is a list of blocks; blocks hold inlines; a
footnote (`Note`) is an *inline* node holding blocks, so it stays where it
is referenced and each writer decides where its text lands (the DOCX
footnotes part, the bottom of the PDF page).

Everything here is plain, immutable data. Writers are functions
``write(document: Document, options: WriterOptions) -> bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    url: str  # always http(s); the renderer drops anything else
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Note:
    """A footnote. ``number`` is its 1-based position in reading order."""

    number: int
    blocks: tuple[Block, ...]


Inline = Union[Text, Emph, Strong, Code, Link, LineBreak, Note]

# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 1..6
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]  # one cell = inlines
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    aligns: tuple[str, ...] = ()  # "left" | "center" | "right" | "" per column


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ThematicBreak:
    pass


@dataclass(frozen=True)
class TimelineEvent:
    start: str  # ISO date or partial date: "2025-07-19", "2025-07", "2020"
    end: str  # same as start for a single date
    label: str  # the date as the reader sees it ("19–28 July 2025")
    text: str  # what happened (plain text, already localised)
    # A claim of this fact conflicts with another fact's (the brief's
    # disagreements): the timeline marks it rather than show it as plain.
    disputed: bool = False
    disputed_label: str = ""  # the mark in the reader's words ("disputed", "sporno")


@dataclass(frozen=True)
class Timeline:
    events: tuple[TimelineEvent, ...]


@dataclass(frozen=True)
class Figure:
    """A figure drawn by the writer itself (vector in PDF, image in DOCX)."""

    content: Timeline
    caption: tuple[Inline, ...] = ()


Block = Union[
    Heading, Paragraph, BulletList, OrderedList, Table, Quote, ThematicBreak, Figure
]

# --- the document -------------------------------------------------------------


@dataclass(frozen=True)
class Meta:
    title: str  # the case title
    audience: str = ""  # the audience's title, e.g. "EU policy brief"
    author: str = ""
    date: str = ""  # as the reader sees it ("20 July 2025")
    iso_date: str = ""  # "2025-07-20": document properties, reproducible
    edition: int = 1
    edition_label: str = "Edition"
    marking: str = ""  # e.g. "TLP:GREEN", printed on every page
    language: str = "en-GB"  # BCP 47
    subject: str = ""
    keywords: tuple[str, ...] = ()
    page_label: str = "Page"  # "Page 2 of 3" / "Strana 2 od 3"
    of_label: str = "of"


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class WriterOptions:
    """What a writer may be told beyond the document itself."""

    reference_docx: bytes | None = None  # house style for the DOCX writer
    # The time written into the file (ISO 8601, UTC): the build sets it from
    # SOURCE_DATE_EPOCH or the case's as-of date; empty means meta.iso_date.
    timestamp: str = ""


def iter_notes(blocks: tuple[Block, ...]):
    """Yield every Note in reading order (notes inside notes included)."""
    for block in blocks:
        yield from _notes_in_block(block)


def _notes_in_block(block: Block):
    if isinstance(block, (Heading, Paragraph)):
        yield from _notes_in_inlines(block.children)
    elif isinstance(block, (BulletList, OrderedList)):
        for item in block.items:
            yield from iter_notes(item)
    elif isinstance(block, Table):
        for cell in block.header:
            yield from _notes_in_inlines(cell)
        for row in block.rows:
            for cell in row:
                yield from _notes_in_inlines(cell)
    elif isinstance(block, Quote):
        yield from iter_notes(block.blocks)
    elif isinstance(block, Figure):
        yield from _notes_in_inlines(block.caption)


def _notes_in_inlines(inlines: tuple[Inline, ...]):
    for node in inlines:
        if isinstance(node, Note):
            yield node
            yield from iter_notes(node.blocks)
        elif isinstance(node, (Emph, Strong, Link)):
            yield from _notes_in_inlines(node.children)


def merge_text(inlines) -> tuple[Inline, ...]:
    """Adjacent Text nodes joined, empty ones dropped."""
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            merged.append(node)
    return tuple(merged)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, notes left out (for bookmarks, metadata)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        elif isinstance(node, (Emph, Strong, Link)):
            parts.append(plain_text(node.children))
    return "".join(parts)
