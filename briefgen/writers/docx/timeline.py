"""A Timeline as a native Word table: date | event, a row per entry.

Word, LibreOffice and pandoc all read a table as text, so the timeline can
be edited, searched, copied and read aloud; a picture could be none of
these.  What goes in which row is timeline_layout's (shared with the PDF
figure): the date label with the disputed mark below it, the fact's short
form, and the rows saying how many events were left out ("+4 960", in the
date column, with a vertical ellipsis beside it).

Built from the layout alone, so the same events give the same XML.
"""

from __future__ import annotations

from ..timeline_layout import Gap, Layout, Row
from .blocks import append
from .context import Context
from .text import xml_safe
from .xml import el, text_el, val

ACCENT, MUTED, DISPUTED, RULE = "1F4E79", "595959", "9C3D00", "BFBFBF"
LABEL_CHARS = 18  # the date column fits a label this long on one line ("19–28 July 2025")
TWIPS_PER_CHAR = 115  # of a bold label at body size, roughly
GAP_MARK = "\u22ee"  # ⋮ where the rows left out would be


def render_timeline(container, laid_out: Layout, ctx: Context) -> None:
    """The table, appended to `container` (the last row keeps with what follows)."""
    widths = _column_widths(laid_out, ctx.text_width)
    tbl = el("w:tbl", None, _table_properties(ctx, sum(widths)))
    tbl.append(el("w:tblGrid", None, *(el("w:gridCol", {"w:w": w}) for w in widths)))
    entries = laid_out.entries
    for index, entry in enumerate(entries):
        last = index == len(entries) - 1
        cells = _event_cells(entry) if isinstance(entry, Row) else _gap_cells(entry)
        tbl.append(_row(cells, widths, ctx, keep_next=last))
    append(container, tbl)


def _column_widths(laid_out: Layout, total: int) -> list[int]:
    """The date column as wide as the longest label needs (within bounds)."""
    longest = max((len(r.label) for r in laid_out.rows), default=0)
    chars = min(max(longest, 8), LABEL_CHARS)
    date = min(chars * TWIPS_PER_CHAR + 240, total // 3)  # 240: the cell's padding
    return [date, total - date]


def _table_properties(ctx: Context, width: int):
    # Rules between rows only: a list of dates, not a grid of figures.
    rule = {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": RULE}
    none = {"w:val": "nil"}
    borders = el("w:tblBorders", None, el("w:top", rule), el("w:left", none), el("w:bottom", rule),
                 el("w:right", none), el("w:insideH", rule), el("w:insideV", none))
    return el(
        "w:tblPr", None, val("w:tblStyle", ctx.styles["TableGrid"]),
        el("w:tblW", {"w:w": width, "w:type": "dxa"}), borders,
        el("w:tblLayout", {"w:type": "fixed"}),
        el("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:firstColumn": 0,
                         "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1}),
    )


def _event_cells(row: Row) -> tuple[list, list]:
    label = [_run(row.label, bold=True, colour=ACCENT)]
    if row.disputed:  # below the date, as in the PDF
        mark = _run(row.mark, italic=True, colour=DISPUTED, half_points=18)
        label += [el("w:r", None, el("w:br")), mark]
    return label, [_run(row.text)]


def _gap_cells(gap: Gap) -> tuple[list, list]:
    return [_run(gap.label, colour=MUTED)], [_run(GAP_MARK, colour=MUTED)]


def _row(cells: tuple[list, list], widths: list[int], ctx: Context, keep_next: bool):
    """A w:tr that never splits across pages."""
    row = el("w:tr", None, el("w:trPr", None, el("w:cantSplit")))
    for runs, width in zip(cells, widths, strict=True):
        ppr = el("w:pPr")
        if ctx.paragraph_style_id:
            ppr.append(val("w:pStyle", ctx.paragraph_style_id))
        if keep_next:
            ppr.append(el("w:keepNext"))
        ppr.append(el("w:spacing", {"w:before": 40, "w:after": 40}))
        paragraph = el("w:p", None, ppr, *runs)
        tcpr = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
        row.append(el("w:tc", None, tcpr, paragraph))
    return row


def _run(text: str, bold: bool = False, italic: bool = False, colour: str | None = None,
         half_points: int | None = None):
    rpr = el("w:rPr")
    if bold:
        rpr.append(el("w:b"))
    if italic:
        rpr.append(el("w:i"))
    if colour:
        rpr.append(val("w:color", colour))
    if half_points:
        rpr.append(val("w:sz", half_points))
        rpr.append(val("w:szCs", half_points))
    run = el("w:r", None, rpr) if len(rpr) else el("w:r")
    run.append(text_el(xml_safe(text)))
    return run
