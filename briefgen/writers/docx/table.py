"""Tables: a Word table with a repeating bold header row and borders."""

from __future__ import annotations

from dataclasses import replace

from ... import document as d
from .blocks import append
from .context import Context
from .inlines import Fmt, render_inlines
from .xml import el, val

_ALIGN = {"left": "left", "center": "center", "right": "right"}
_HEADER_FILL = "D9E2F3"


def render_table(container, table: d.Table, ctx: Context) -> None:
    columns = max([len(table.header), *(len(r) for r in table.rows)], default=0)
    if columns == 0:
        return
    widths = column_widths(table, columns, ctx.text_width)
    tbl = el("w:tbl", None, _table_properties(ctx, sum(widths)))
    tbl.append(el("w:tblGrid", None, *(el("w:gridCol", {"w:w": w}) for w in widths)))
    cell_ctx = replace(ctx, para_style="Normal" if not ctx.in_note else ctx.para_style)
    if table.header:
        tbl.append(_row(table.header, widths, table.aligns, cell_ctx, header=True))
    for cells in table.rows:
        tbl.append(_row(cells, widths, table.aligns, cell_ctx, header=False))
    append(container, tbl)
    # Word merges two adjacent tables; an empty paragraph keeps them apart.
    spacing = el("w:spacing", {"w:before": 0, "w:after": 0})
    append(container, el("w:p", None, el("w:pPr", None, spacing)))


def column_widths(table: d.Table, columns: int, total: int) -> list[int]:
    """Twips per column, roughly by content length so no column starves."""
    longest = [4] * columns
    for cells in (table.header, *table.rows):
        for i, cell in enumerate(cells[:columns]):
            longest[i] = max(longest[i], min(len(d.plain_text(cell)), 60))
    weights = [n**0.75 for n in longest]
    widths = [int(total * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)  # rounding remainder
    return widths


def _table_properties(ctx: Context, width: int):
    borders = el("w:tblBorders", None, *(
        el(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "808080"})
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    ))
    look = el("w:tblLook", {"w:val": "04A0", "w:firstRow": 1, "w:lastRow": 0, "w:firstColumn": 0,
                            "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1})
    return el(
        "w:tblPr", None, val("w:tblStyle", ctx.styles["TableGrid"]),
        el("w:tblW", {"w:w": width, "w:type": "dxa"}), borders,
        el("w:tblLayout", {"w:type": "fixed"}), look,
    )


def _row(cells, widths, aligns, ctx: Context, header: bool):
    """One w:tr; the header row repeats on every page and never splits."""
    trpr = el("w:trPr", None, el("w:cantSplit"))
    if header:
        trpr.append(el("w:tblHeader"))
    row = el("w:tr", None, trpr)
    for i, width in enumerate(widths):
        inlines = cells[i] if i < len(cells) else ()
        align = _ALIGN.get(aligns[i] if i < len(aligns) else "")
        row.append(_cell(inlines, width, align, ctx, header))
    return row


def _cell(inlines, width: int, align: str | None, ctx: Context, header: bool):
    tcpr = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
    if header:
        tcpr.append(el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": _HEADER_FILL}))
    cell = el("w:tc", None, tcpr)
    ppr = el("w:pPr")
    if ctx.paragraph_style_id:
        ppr.append(val("w:pStyle", ctx.paragraph_style_id))
    if header:
        ppr.append(el("w:keepNext"))
    if align:
        ppr.append(val("w:jc", align))
    p = el("w:p", None, ppr)
    cell.append(p)
    render_inlines(p, inlines, ctx, Fmt(bold=header))
    return cell
