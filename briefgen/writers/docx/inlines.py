"""Inline nodes to runs: text, emphasis, links, line breaks, footnote refs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ... import document as d
from ...warnings import not_handled
from .context import Context
from .notes import finish_note, reference_run
from .styles import MONO
from .text import safe_url, xml_safe
from .xml import el, set_fonts, text_el, val


@dataclass(frozen=True)
class Fmt:
    """Character formatting inherited from enclosing inline nodes."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False


def render_inlines(parent, inlines, ctx: Context, fmt: Fmt = Fmt()) -> None:
    """Append runs for `inlines` to `parent` (a w:p or w:hyperlink)."""
    for node in inlines:
        _render(parent, node, ctx, fmt)


def _render(parent, node, ctx: Context, fmt: Fmt) -> None:
    if isinstance(node, d.Text):
        _text_run(parent, node.text, ctx, fmt)
    elif isinstance(node, d.Code):
        _text_run(parent, node.text, ctx, replace(fmt, code=True))
    elif isinstance(node, d.Emph):
        render_inlines(parent, node.children, ctx, replace(fmt, italic=True))
    elif isinstance(node, d.Strong):
        render_inlines(parent, node.children, ctx, replace(fmt, bold=True))
    elif isinstance(node, d.Link):
        _link(parent, node, ctx, fmt)
    elif isinstance(node, d.LineBreak):
        parent.append(el("w:r", None, el("w:br")))
    elif isinstance(node, d.Note):
        _note(parent, node, ctx, fmt)
    else:
        raise not_handled("DOCX writer", node)


def _text_run(parent, text: str, ctx: Context, fmt: Fmt) -> None:
    """One run; tabs become w:tab, line breaks inside text a space."""
    text = re.sub(r"\r\n|[\r\n]", " ", xml_safe(text))
    if not text:
        return
    run = el("w:r")
    rpr = _run_properties(ctx, fmt)
    if len(rpr):
        run.append(rpr)
    for i, piece in enumerate(text.split("\t")):
        if i:
            run.append(el("w:tab"))
        if piece:
            run.append(text_el(piece))
    parent.append(run)


def _run_properties(ctx: Context, fmt: Fmt):
    """w:rPr in schema order: rStyle, rFonts, b, bCs, i, iCs."""
    rpr = el("w:rPr")
    if fmt.link:
        rpr.append(val("w:rStyle", ctx.styles["Hyperlink"]))
    elif fmt.code:
        rpr.append(val("w:rStyle", ctx.styles["VerbatimChar"]))
    if fmt.link and fmt.code:
        set_fonts(rpr, MONO)
    if fmt.bold:
        rpr.extend([el("w:b"), el("w:bCs")])
    if fmt.italic:
        rpr.extend([el("w:i"), el("w:iCs")])
    return rpr


def _link(parent, node: d.Link, ctx: Context, fmt: Fmt) -> None:
    """A real hyperlink for http(s); anything else is plain text.

    The relationship lives in the part being written (document or
    footnotes), since r:id is resolved against that part's rels.
    """
    url = safe_url(node.url)
    if url is None or fmt.link or parent.tag.endswith("}hyperlink"):
        render_inlines(parent, node.children, ctx, fmt)
        return
    r_id = ctx.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", {"r:id": r_id, "w:history": "1"})
    parent.append(link)
    render_inlines(link, node.children, ctx, replace(fmt, link=True))


def _note(parent, node: d.Note, ctx: Context, fmt: Fmt) -> None:
    if ctx.in_note:
        _inline_note(parent, node, ctx, fmt)
        return
    # Imported here: blocks imports this module for paragraph content.
    from .blocks import render_blocks

    note = ctx.footnotes.new_note(node.number)
    note_ctx = replace(ctx, part=ctx.footnotes.part, para_style="FootnoteText", in_note=True)
    render_blocks(note, node.blocks, note_ctx)
    finish_note(note, ctx.styles["FootnoteText"], ctx.styles["FootnoteReference"])
    parent.append(reference_run(node.number, ctx.styles["FootnoteReference"]))


def _inline_note(parent, node: d.Note, ctx: Context, fmt: Fmt) -> None:
    """A note inside a note: Word has no such thing, so its text is put in
    parentheses where it is referenced, keeping the citation readable."""
    _text_run(parent, " (", ctx, fmt)
    for i, run in enumerate(_runs_of(node.blocks)):
        if i:
            _text_run(parent, " ", ctx, fmt)
        render_inlines(parent, run, ctx, fmt)
    _text_run(parent, ")", ctx, fmt)


def _runs_of(blocks) -> Iterator[tuple[d.Inline, ...]]:
    """Every run of text the blocks hold, in reading order: paragraphs and
    headings, list items, quotes, table cells and figure captions alike (the
    notes inside them are runs' own inlines, shown where they stand)."""
    for node in d.walk(blocks, into_notes=False):
        if isinstance(node, (d.Heading, d.Paragraph)):
            yield node.children
        elif isinstance(node, d.Table):
            yield from (cell for row in (node.header, *node.rows) for cell in row if cell)
        elif isinstance(node, d.Figure) and node.caption:
            yield node.caption
