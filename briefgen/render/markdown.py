"""Markdown (what templates produce) → our document model.

A real CommonMark parser (markdown-it-py, with pipe tables and footnotes)
builds a syntax tree; a table of converters, one per node type, turns it
into blocks and inlines. Footnotes become ``Note`` inlines where they are
referenced, numbered in reading order. Citations (``{cite:N}`` made by
``cite()``, see ``directives.py``) get their text from the citation style
when the reader meets them, so "first citation in full" follows reading
order; a figure (``{figure:NAME}``) is the one render drew. A construct with no node in
the model (a parser plugin's token) is reported in ``warnings`` and its text
kept as plain paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from .. import document as d
from ..warnings import NotRendered, under_heading
from .directives import directives_plugin
from .script import marked_blocks, marked_spans

_SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


def parser() -> MarkdownIt:
    # No raw HTML, no linkify, no typographer: what is written is what is read.
    return (MarkdownIt("commonmark", {"html": False}).enable("table")
            .use(footnote_plugin).use(directives_plugin))


@dataclass
class Converter:
    cite_note: Callable[[int], tuple[d.Block, ...] | None]  # citation -> note (None: none)
    figure: Callable[[str], d.Figure | None]  # figure name -> figure (None: none)
    markdown: MarkdownIt = field(default_factory=parser)
    definitions: dict[str, SyntaxTreeNode] = field(default_factory=dict)
    note_count: int = 0
    warnings: list[NotRendered] = field(default_factory=list)
    heading: str = ""  # the text of the last heading converted (where a warning is)

    def document(self, markdown: str) -> tuple[d.Block, ...]:
        root = SyntaxTreeNode(self.markdown.parse(markdown))
        body = []
        for node in root.children:
            if node.type == "footnote_block":
                self.definitions.update({n.meta["label"]: n for n in node.children})
            else:
                body.append(node)
        return self.blocks(body)

    def blocks(self, nodes) -> tuple[d.Block, ...]:
        out: list[d.Block] = []
        for node in nodes:
            out.extend(_as_blocks(BLOCKS.get(node.type, _unknown_block)(self, node)))
        return tuple(out)

    def inlines(self, node: SyntaxTreeNode | None) -> tuple[d.Inline, ...]:
        if node is None:
            return ()
        children = node.children if node.type != "inline" else node.children
        out: list[d.Inline] = []
        for child in children:
            if child.type == "inline":
                out.extend(self.inlines(child))
                continue
            converted = INLINES.get(child.type, _unknown_inline)(self, child)
            out.extend(converted if isinstance(converted, tuple) else (converted,))
        return marked_spans(d.merge_text(out))

    def report(self, token: str, outcome: str) -> None:
        self.warnings.append(NotRendered("Markdown reader", token, under_heading(self.heading),
                                         outcome))

    def cite(self, index: int) -> d.Inline:
        blocks = self.cite_note(index)
        if blocks is None:  # written by hand in a template, not made by cite()
            self.report(f"{{cite:{index}}}", "no such citation; it is kept as text")
            return d.Text(f"{{cite:{index}}}")
        self.note_count += 1
        return d.Note(self.note_count, marked_blocks(blocks))

    def note(self, label: str) -> d.Note:
        self.note_count += 1
        number = self.note_count
        definition = self.definitions.get(label)
        blocks = self.blocks(_note_body(definition)) if definition else ()
        return d.Note(number, blocks)


def _note_body(definition: SyntaxTreeNode):
    return [n for n in definition.children if n.type != "footnote_anchor"]


def _as_blocks(converted: d.Block | tuple[d.Block, ...] | None) -> tuple[d.Block, ...]:
    if converted is None:
        return ()
    return converted if isinstance(converted, tuple) else (converted,)


# --- blocks --------------------------------------------------------------------

def _heading(c: Converter, node) -> d.Heading:
    inlines = c.inlines(node.children[0] if node.children else None)
    c.heading = d.plain_text(inlines)
    return d.Heading(int(node.tag[1]), inlines)


def _paragraph(c: Converter, node) -> d.Paragraph | None:
    inlines = c.inlines(node.children[0] if node.children else None)
    return d.Paragraph(inlines) if inlines else None


def _items(c: Converter, node) -> tuple[tuple[d.Block, ...], ...]:
    return tuple(c.blocks(item.children) for item in node.children)


def _bullet_list(c: Converter, node) -> d.BulletList:
    return d.BulletList(_items(c, node))


def _ordered_list(c: Converter, node) -> d.OrderedList:
    return d.OrderedList(_items(c, node), int(node.attrs.get("start", 1) or 1))


def _table(c: Converter, node) -> d.Table:
    header: tuple[tuple[d.Inline, ...], ...] = ()
    rows: list[tuple[tuple[d.Inline, ...], ...]] = []
    aligns: tuple[str, ...] = ()
    for section in node.children:
        for row in section.children:
            cells = tuple(c.inlines(cell.children[0] if cell.children else None)
                          for cell in row.children)
            if section.type == "thead":
                header = cells
                aligns = tuple(_align(cell) for cell in row.children)
            else:
                rows.append(cells)
    return d.Table(header, tuple(rows), aligns)


def _align(cell) -> str:
    style = str(cell.attrs.get("style", ""))
    return style.removeprefix("text-align:") if style else ""


def _quote(c: Converter, node) -> d.Quote:
    return d.Quote(c.blocks(node.children))


def _fence(c: Converter, node) -> d.Block:
    return d.Paragraph((d.Code(node.content.rstrip("\n")),))


def _figure(c: Converter, node) -> d.Block:
    name = node.meta["name"]
    figure = c.figure(name)
    if figure is None:  # written by hand in a template, not made by timeline()
        c.report(f"{{figure:{name}}}", "no such figure; it is kept as text")
        return d.Paragraph((d.Text(f"{{figure:{name}}}"),))
    return figure


def _hr(c: Converter, node) -> d.ThematicBreak:
    return d.ThematicBreak()


def _unknown_block(c: Converter, node) -> tuple[d.Block, ...]:
    """A block the model has no node for (a plugin's definition list, front
    matter): reported, and what it holds kept as plain blocks, so no text
    the template wrote is lost and none is dressed up as something else."""
    kept = _plain_blocks(c, node)
    c.report(node.type, "its text is kept as plain paragraphs" if kept else "it is empty")
    return kept


def _plain_blocks(c: Converter, node) -> tuple[d.Block, ...]:
    if node.type in BLOCKS:
        return _as_blocks(BLOCKS[node.type](c, node))
    if node.type == "inline":  # a plugin's line of text (a term)
        inlines = c.inlines(node)
        return (d.Paragraph(inlines),) if inlines else ()
    if node.children:
        return tuple(b for child in node.children for b in _plain_blocks(c, child))
    text = (node.content or "").strip()
    return (d.Paragraph((d.Text(text),)),) if text else ()


BLOCKS: dict[str, Callable] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "bullet_list": _bullet_list,
    "ordered_list": _ordered_list,
    "table": _table,
    "blockquote": _quote,
    "fence": _fence,
    "code_block": _fence,
    "hr": _hr,
    "briefgen_figure": _figure,
}

# --- inlines -------------------------------------------------------------------


def _text(c, node):
    return d.Text(node.content)


def _softbreak(c, node):
    return d.Text(" ")


def _hardbreak(c, node):
    return d.LineBreak()


def _em(c, node):
    return d.Emph(c.inlines(node))


def _strong(c, node):
    return d.Strong(c.inlines(node))


def _code(c, node):
    return d.Code(node.content)


def _link(c, node):
    href = str(node.attrs.get("href", ""))
    children = c.inlines(node)
    # Only http(s) links survive; anything else keeps its text, loses its target.
    return d.Link(href, children) if _SAFE_URL.match(href) else children


def _image(c, node):
    return d.Text(node.content or "")  # no images from templates: keep the alt text


def _footnote_ref(c, node):
    return c.note(node.meta["label"])


def _unknown_inline(c, node):
    c.report(node.type, "its text is kept as plain text")
    return c.inlines(node) if node.children else d.Text(node.content or "")


INLINES: dict[str, Callable] = {
    "text": _text,
    "softbreak": _softbreak,
    "hardbreak": _hardbreak,
    "em": _em,
    "strong": _strong,
    "code_inline": _code,
    "link": _link,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "briefgen_cite": lambda c, node: c.cite(node.meta["index"]),
}
