"""The document model every writer consumes.

Pandoc-style: a document is a list of blocks; blocks hold inlines; a
footnote (`Note`) is an *inline* node holding blocks, so it stays where it
is referenced and each writer decides where its text lands (the DOCX
footnotes part, the bottom of the PDF page).

Everything here is plain, immutable data. Writers are functions
``write(document: Document, options: WriterOptions) -> bytes``.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    # As published, whatever the reader's script: a source's title or name,
    # which a Cyrillic brief does not transliterate (render/script.py applies
    # it, then joins the text back, so writers never need to look at it).
    keep_script: bool = False


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
    """A footnote, where it is referenced.

    ``number`` is its 1-based position among the document's notes in reading
    order (``iter_notes``; a note inside a note right after its holder). Render
    owns it: ``render/markdown.py`` numbers notes as the reader meets them.
    Every writer prints it and none renumbers: the PDF's markers and note
    text, the DOCX footnote ids (Word prints its own count of references,
    the same number, except after a note inside a note, which the DOCX writer
    prints in parentheses in its holder since Word cannot nest footnotes),
    the Markdown writer's ``[^n]``.
    """

    number: int
    blocks: tuple[Block, ...]


Inline = Text | Emph | Strong | Code | Link | LineBreak | Note

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


Block = Heading | Paragraph | BulletList | OrderedList | Table | Quote | ThematicBreak | Figure

# Every kind of node the model has: what a writer renders unless it says less.
NODE_TYPES: frozenset[type] = frozenset({*typing.get_args(Block), *typing.get_args(Inline)})

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


# --- walking the tree ----------------------------------------------------------

Node = Block | Inline

# Where each kind of node keeps the nodes it holds, in reading order: the
# field and how many tuples deep the nodes sit (a list's items are tuples of
# blocks, a table's rows tuples of cells, a cell a tuple of inlines). The one
# place that knows the tree's shape: walk, children and map_children read it.
_CHILD_FIELDS: dict[type, tuple[tuple[str, int], ...]] = {
    Heading: (("children", 1),),
    Paragraph: (("children", 1),),
    BulletList: (("items", 2),),
    OrderedList: (("items", 2),),
    Table: (("header", 2), ("rows", 3)),
    Quote: (("blocks", 1),),
    Figure: (("caption", 1),),
    Emph: (("children", 1),),
    Strong: (("children", 1),),
    Link: (("children", 1),),
    Note: (("blocks", 1),),
}


def children(node: Node) -> Iterator[Node]:
    """The nodes `node` holds directly, in reading order (a table's header
    cells before its rows; a list's items one after another)."""
    for name, depth in _CHILD_FIELDS.get(type(node), ()):
        yield from _flatten(getattr(node, name), depth)


def _flatten(value, depth: int) -> Iterator[Node]:
    if depth == 0:
        yield value
        return
    for part in value:
        yield from _flatten(part, depth - 1)


def walk(root: Document | Node | Sequence[Node], into_notes: bool = True) -> Iterator[Node]:
    """Every block and inline under `root`, depth-first in reading order:
    a node, then what it holds (list items, table cells, quotes, figure
    captions, notes). A Document or a sequence of nodes yields its nodes;
    a single node yields itself first. With ``into_notes=False`` a Note is
    yielded but not entered (the text a reader sees in the line itself)."""
    for node in _roots(root):
        yield from _walk(node, into_notes)


def _roots(root: Document | Node | Sequence[Node]) -> Iterable[Node]:
    if isinstance(root, Document):
        return root.blocks
    if isinstance(root, Sequence):
        return root
    return (root,)


def _walk(node: Node, into_notes: bool) -> Iterator[Node]:
    yield node
    if into_notes or not isinstance(node, Note):
        for child in children(node):
            yield from _walk(child, into_notes)


# The nodes whose children are inlines: each of their child fields holds runs
# of inlines (a paragraph's text, each table cell, a caption) one tuple less
# deep than its inlines: what a change to a whole run at once (joining text)
# works on. Derived from _CHILD_FIELDS, so the tree's shape is said once.
_HOLDS_INLINES = (Heading, Paragraph, Emph, Strong, Link, Figure, Table)
_RUN_FIELDS: dict[type, tuple[tuple[str, int], ...]] = {
    kind: tuple((name, depth - 1) for name, depth in _CHILD_FIELDS[kind])
    for kind in _HOLDS_INLINES
}


def map_runs(node: Node, change: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> Node:
    """`node` with `change` applied to each run of inlines it holds directly."""
    fields = _RUN_FIELDS.get(type(node))
    if not fields:
        return node
    return dataclasses.replace(
        node, **{name: _map(getattr(node, name), depth, change) for name, depth in fields})


def map_children(node: Node, change: Callable[[Node], Node]) -> Node:
    """`node` with `change` applied to each node it holds directly, the
    structure (list items, table rows and cells) kept."""
    fields = _CHILD_FIELDS.get(type(node))
    if not fields:
        return node
    return dataclasses.replace(
        node, **{name: _map(getattr(node, name), depth, change) for name, depth in fields})


def _map(value, depth: int, change: Callable):
    if depth == 0:
        return change(value)
    return tuple(_map(part, depth - 1, change) for part in value)


def transform(node: Node, change: Callable[[Node], Node]) -> Node:
    """`node` rebuilt bottom-up: `change` sees each node after what it holds
    has been changed (notes included), and returns it or its replacement."""
    return change(map_children(node, lambda child: transform(child, change)))


def transform_blocks(blocks: tuple[Block, ...],
                     change: Callable[[Node], Node]) -> tuple[Block, ...]:
    """`transform` for each block; a change must leave a block a block."""
    return tuple(_as_block(transform(block, change)) for block in blocks)


def _as_block(node: Node) -> Block:
    if not isinstance(node, typing.get_args(Block)):
        raise TypeError(f"a change turned a block into {type(node).__name__}")
    return typing.cast(Block, node)


def prune(blocks: tuple[Block, ...], keep: Callable[[Node], bool]) -> tuple[Block, ...]:
    """`blocks` without the nodes `keep` refuses, at any depth, and what
    they hold; everything else, and the structure around it, as it was."""
    return tuple(typing.cast(Block, _pruned(b, keep)) for b in blocks if keep(b))


def _pruned(node: Node, keep: Callable[[Node], bool]) -> Node:
    fields = _CHILD_FIELDS.get(type(node))
    if not fields:
        return node
    return dataclasses.replace(
        node, **{name: _kept(getattr(node, name), depth, keep) for name, depth in fields})


def _kept(value, depth: int, keep: Callable[[Node], bool]):
    if depth == 1:  # the tuple that holds the nodes themselves
        return tuple(_pruned(n, keep) for n in value if keep(n))
    return tuple(_kept(part, depth - 1, keep) for part in value)


def iter_notes(root: Document | Node | Sequence[Node]) -> Iterator[Note]:
    """Every Note in reading order (notes inside notes included)."""
    return (node for node in walk(root) if isinstance(node, Note))


def merge_text(inlines) -> tuple[Inline, ...]:
    """Adjacent Text nodes joined, empty ones dropped."""
    merged: list[Inline] = []
    for node in inlines:
        if (isinstance(node, Text) and merged and isinstance(merged[-1], Text)
                and merged[-1].keep_script == node.keep_script):
            merged[-1] = Text(merged[-1].text + node.text, node.keep_script)
        elif not (isinstance(node, Text) and not node.text):
            merged.append(node)
    return tuple(merged)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, notes left out (for bookmarks, metadata)."""
    return "".join(_seen_text(node) for node in walk(inlines, into_notes=False))


def _seen_text(node: Node) -> str:
    if isinstance(node, (Text, Code)):
        return node.text
    return " " if isinstance(node, LineBreak) else ""
