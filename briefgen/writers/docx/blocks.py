"""Block nodes to WordprocessingML: paragraphs, headings, lists, quotes.

Every renderer appends to a container element (w:body, w:footnote, w:tc),
so the same code writes the body, footnote text and table cells.
"""

from __future__ import annotations

from dataclasses import replace

from docx.oxml.ns import qn

from ... import document as d
from ...warnings import not_handled
from .context import Context
from .inlines import Fmt, render_inlines
from .numbering import indent_left
from .xml import el, val


def render_blocks(container, blocks, ctx: Context) -> None:
    for block in blocks:
        render_block(container, block, ctx)


def render_block(container, block, ctx: Context) -> None:
    # Imported lazily: tables and figures render cell/caption content here.
    from .figure import render_figure
    from .table import render_table

    if isinstance(block, d.Heading):
        _heading(container, block, ctx)
    elif isinstance(block, d.Paragraph):
        paragraph(container, block.children, ctx)
    elif isinstance(block, (d.BulletList, d.OrderedList)):
        _list(container, block, ctx)
    elif isinstance(block, d.Table):
        render_table(container, block, ctx)
    elif isinstance(block, d.Quote):
        quote_style = ctx.para_style if ctx.in_note else "Quote"
        render_blocks(container, block.blocks, replace(ctx, para_style=quote_style))
    elif isinstance(block, d.ThematicBreak):
        _rule(container, ctx)
    elif isinstance(block, d.Figure):
        render_figure(container, block, ctx)
    else:
        raise not_handled("DOCX writer", block)


def append(container, child) -> None:
    """Append, keeping w:body's final w:sectPr last as the schema requires."""
    last = container[-1] if len(container) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(child)
    else:
        container.append(child)


def new_paragraph(container, style_id: str | None, *ppr_children):
    """An empty w:p with its style and properties, appended to container."""
    ppr = el("w:pPr")
    if style_id:
        ppr.append(val("w:pStyle", style_id))
    ppr.extend(ppr_children)
    p = el("w:p", None, ppr) if len(ppr) else el("w:p")
    append(container, p)
    return p


def paragraph(container, inlines, ctx: Context, fmt: Fmt = Fmt(), *ppr_children):
    p = new_paragraph(container, ctx.paragraph_style_id, *ppr_children)
    render_inlines(p, inlines, ctx, fmt)
    return p


def _heading(container, block: d.Heading, ctx: Context) -> None:
    """Heading N style in the body; inside a note a bold line instead, since
    a heading there would land in the navigation pane and the outline."""
    if ctx.in_note:
        paragraph(container, block.children, ctx, Fmt(bold=True))
        return
    level = min(max(block.level, 1), 6)
    p = new_paragraph(container, ctx.styles[f"Heading{level}"])
    render_inlines(p, block.children, ctx)


def _list(container, block, ctx: Context) -> None:
    ordered = isinstance(block, d.OrderedList)
    ilvl = min(ctx.list_depth, 8)  # Word has nine levels, 0..8
    num_id = ctx.numbering.new_list(ordered, getattr(block, "start", 1), ilvl)
    item_ctx = replace(ctx, list_depth=ilvl + 1)
    for item in block.items:
        holder = el("w:sdtContent")  # scratch container, emptied below
        render_blocks(holder, item, item_ctx)
        _number_item(holder, num_id, ilvl, ctx)
        for child in list(holder):
            append(container, child)


def _number_item(holder, num_id: int, ilvl: int, ctx: Context) -> None:
    """numPr on the item's first paragraph; later ones indent to match."""
    paragraphs = [c for c in holder if c.tag == qn("w:p")]
    if not paragraphs or holder[0].tag != qn("w:p"):
        holder.insert(0, el("w:p", None, el("w:pPr")))
        paragraphs.insert(0, holder[0])
    style = ctx.styles["ListParagraph"] if not ctx.in_note else ctx.paragraph_style_id
    for i, p in enumerate(paragraphs):
        ppr = _ppr(p)
        if ppr.find(qn("w:numPr")) is not None or ppr.find(qn("w:ind")) is not None:
            continue  # a nested list's own paragraph, already placed
        if i == 0 or ppr.find(qn("w:pStyle")) is None:
            _set_style(ppr, style)  # a quote inside the item keeps its style
        if i == 0:
            num_pr = el("w:numPr", None, val("w:ilvl", ilvl), val("w:numId", num_id))
            _insert_after_style(ppr, num_pr)
        else:
            ppr.append(el("w:ind", {"w:left": indent_left(ilvl)}))


def _ppr(p):
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


def _set_style(ppr, style_id: str | None) -> None:
    for old in ppr.findall(qn("w:pStyle")):
        ppr.remove(old)
    if style_id:
        ppr.insert(0, val("w:pStyle", style_id))


def _insert_after_style(ppr, child) -> None:
    """numPr follows pStyle/keepNext/keepLines/pageBreakBefore/framePr/widowControl."""
    early = {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                    "framePr", "widowControl")}
    at = sum(1 for c in ppr if c.tag in early)
    ppr.insert(at, child)


def _rule(container, ctx: Context) -> None:
    """A thematic break: an empty paragraph with a bottom border."""
    border = el("w:bottom", {"w:val": "single", "w:sz": 6, "w:space": 1, "w:color": "A6A6A6"})
    new_paragraph(container, ctx.paragraph_style_id, el("w:pBdr", None, border))

