"""Markdown writer (Pandoc's dialect): the document as another tool would read it.

Used by ``bench/`` to give pandoc and Typst exactly the text and footnotes
briefgen renders, and handy for reviewing a briefing as plain text. Notes
become ``[^n]`` references with their definitions at the end, in reading
order (a note inside a note right after the note holding it); the timeline
becomes a two-column table.
"""

from __future__ import annotations

import json

from .. import document as d
from ..render.escape import md_escape
from ..warnings import not_handled, renderable

# The node types this writer writes (today the whole model); warnings.unrendered
# reports any other.
SUPPORTED = d.NODE_TYPES


def write(document: d.Document, options: d.WriterOptions | None = None) -> bytes:
    document = renderable(document, SUPPORTED)  # the rest: warnings.writer_warnings
    body = _blocks(document.blocks)
    definitions = [f"[^{n.number}]: " + _blocks(n.blocks).strip().replace("\n", "\n    ")
                   for n in d.iter_notes(document)]
    parts = [_front_matter(document.meta), body.strip(), "\n\n".join(definitions)]
    return ("\n\n".join(p for p in parts if p) + "\n").encode("utf-8")


def _front_matter(meta: d.Meta) -> str:
    fields = {"title": meta.title, "subtitle": meta.audience, "author": meta.author,
              "date": meta.date, "lang": meta.language}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
             if value]
    return "---\n" + "\n".join(lines) + "\n---"


def _blocks(blocks) -> str:
    return "\n\n".join(_block(b) for b in blocks)


def _block(block) -> str:
    if isinstance(block, d.Heading):
        return "#" * block.level + " " + _inlines(block.children)
    if isinstance(block, d.Paragraph):
        return _inlines(block.children)
    if isinstance(block, d.BulletList):
        return "\n".join(_item("- ", item) for item in block.items)
    if isinstance(block, d.OrderedList):
        return "\n".join(_item(f"{block.start + i}. ", item)
                         for i, item in enumerate(block.items))
    if isinstance(block, d.Table):
        return _table(block.header, block.rows)
    if isinstance(block, d.Quote):
        return "\n".join("> " + line for line in _blocks(block.blocks).splitlines())
    if isinstance(block, d.Figure):
        return _timeline(block)
    if isinstance(block, d.ThematicBreak):
        return "* * *"
    raise not_handled("Markdown writer", block)


def _item(marker: str, blocks) -> str:
    text = _blocks(blocks)
    indent = " " * len(marker)
    return marker + text.replace("\n", "\n" + indent)


def _table(header, rows) -> str:
    def row(cells) -> str:
        return "| " + " | ".join(_inlines(c) for c in cells) + " |"

    lines = [row(header), "|" + "|".join(":--" for _ in header) + "|"]
    return "\n".join(lines + [row(r) for r in rows])


def _timeline(figure: d.Figure) -> str:
    header = ((d.Text(""),), (d.Text(""),))
    rows = tuple(((d.Text(e.label),), (d.Text(e.text),)) for e in figure.content.events)
    caption = _inlines(figure.caption)
    return _table(header, rows) + (f"\n\n: {caption}" if caption else "")


def _inlines(inlines) -> str:
    out = []
    for node in inlines:
        if isinstance(node, d.Text):
            out.append(md_escape(node.text, at_line_start=False))
        elif isinstance(node, d.Emph):
            out.append("*" + _inlines(node.children) + "*")
        elif isinstance(node, d.Strong):
            out.append("**" + _inlines(node.children) + "**")
        elif isinstance(node, d.Code):
            out.append("`" + node.text.replace("`", "'") + "`")
        elif isinstance(node, d.Link):
            out.append(f"[{_inlines(node.children)}](<{node.url}>)")
        elif isinstance(node, d.LineBreak):
            out.append("\\\n")
        elif isinstance(node, d.Note):
            out.append(f"[^{node.number}]")
        else:
            raise not_handled("Markdown writer", node)
    return "".join(out)
