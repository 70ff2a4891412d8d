"""Timeline figure: an overview strip to scale, then a vertical event list.

The strip shows where events fall in time (dots for dates, bars for
intervals); the list below gives each event its own row on a drawn axis, so
clustered events spanning years stay legible and the figure can break
between rows across pages.  What is drawn where is timeline_layout's
(shared with the DOCX table): rows, their short texts, the disputed mark,
the rows saying how many events were left out, the ticks.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from briefgen.document import Timeline

from ..timeline_layout import Gap, Layout, Row, layout
from . import fonts, styles
from .markup import esc

LABEL_W = 96.0  # date column
AXIS_GAP = 10.0  # from date column to axis, and axis to text
DOT = HexColor("#1F4E79")
INTERVAL = HexColor("#4F81BD")
DISPUTED_HEX = "#9C3D00"  # the disputed mark: a warm colour apart from the blues
DISPUTED = HexColor(DISPUTED_HEX)


def timeline_flowables(timeline: Timeline, width: float, note: bool = False) -> list:
    laid_out = layout(timeline)  # bounded, so a huge case stays cheap
    if not laid_out.entries:
        return []
    dated = [row for row in laid_out.rows if row.span is not None]
    strip = [_Overview(dated, laid_out, width)] if len(dated) >= 2 and not note else []
    return strip + _rows(laid_out)


def _rows(laid_out: Layout) -> list:
    """A row per entry, in the layout's order; a year tag where the year changes."""
    rows: list = []
    last_year = None
    for entry in laid_out.entries:
        if isinstance(entry, Gap):
            rows.append(_GapRow(entry))
            continue
        rows.append(_EventRow(entry, entry.year if entry.year != last_year else None))
        last_year = entry.year
    rows[0].first = rows[-1].last = True  # the axis stops at the ends
    return rows


# --- the overview strip ---------------------------------------------------------


class _Overview(Flowable):
    """A horizontal axis to scale with every event marked on it."""

    HEIGHT = 40.0

    def __init__(self, rows: list[Row], laid_out: Layout, width: float):
        super().__init__()
        self.rows, self.ticks = rows, laid_out.ticks
        self.width = width
        self.spaceAfter = 6
        self._bg_notes: list[int] = []

    def wrap(self, aW, aH):
        self.width, self.height = aW, self.HEIGHT
        return aW, self.height

    def split(self, aW, aH):
        return []

    def _x(self, at: float) -> float:
        return LABEL_W + AXIS_GAP + at * (self.width - LABEL_W - AXIS_GAP - 4)

    def draw(self):
        c = self.canv
        y = 22.0
        c.saveState()
        c.setStrokeColor(styles.MUTED)
        c.setLineWidth(0.8)
        c.line(self._x(0), y, self._x(1), y)
        self._ticks(c, y)
        c.setFillAlpha(0.65)  # overlapping marks in a cluster stay visible
        for row in self.rows:
            self._mark(c, row, y)
        c.restoreState()

    def _mark(self, c, row: Row, y: float):
        if row.span is None:  # undated: listed, not on the axis
            return
        x0, x1 = (self._x(at) for at in row.span)
        c.setFillColor(DISPUTED if row.disputed else INTERVAL if row.interval else DOT)
        if row.interval:
            c.roundRect(x0, y + 3, max(x1 - x0, 3), 6, 2, stroke=0, fill=1)
        else:
            c.circle((x0 + x1) / 2, y + 6, 2.8, stroke=0, fill=1)

    def _ticks(self, c, y: float):
        c.setFont(fonts.SANS, 7)
        c.setFillColor(styles.MUTED)
        for tick in self.ticks:
            x = self._x(tick.at)
            c.line(x, y - 2.5, x, y + (2.5 if tick.label else 1))
            if tick.label:
                c.drawCentredString(x, y - 11, tick.label)


# --- the event list ---------------------------------------------------------------

_LABEL_STYLE = ParagraphStyle("bg-tl-label", fontName=fonts.SANS_BOLD, fontSize=8.5,
                              leading=11, alignment=TA_RIGHT, textColor=styles.INK)
_TEXT_STYLE = ParagraphStyle("bg-tl-text", fontName=fonts.SERIF, fontSize=9, leading=12,
                             alignment=TA_LEFT, textColor=styles.INK, splitLongWords=1)
YEAR_H = 16.0
PAD = 7.0


class _EventRow(Flowable):
    """One event: date (and a disputed mark) on the left, a dot or bar on
    the axis, the text right."""

    first = last = False  # the first (last) row draws no axis above (below) it

    def __init__(self, row: Row, year_tag: str | None):
        super().__init__()
        self.row, self.year_tag = row, year_tag
        self.label = Paragraph(_label_markup(row), _LABEL_STYLE)
        self.text = Paragraph(esc(row.text), _TEXT_STYLE)
        self._bg_notes: list[int] = []

    def wrap(self, aW, aH):
        self.width = aW
        _, hl = self.label.wrap(LABEL_W, 1e6)
        _, ht = self.text.wrap(max(aW - self._text_x(), 40), 1e6)
        self.content_h = max(hl, ht)
        self.height = self.content_h + PAD + (YEAR_H if self.year_tag else 0)
        return aW, self.height

    def split(self, aW, aH):
        return []

    def _text_x(self) -> float:
        return LABEL_W + 2 * AXIS_GAP

    def draw(self):
        c = self.canv
        ax = LABEL_W + AXIS_GAP
        top = self.content_h + PAD / 2  # top of the text block
        dot_y = top - 6.5  # on the first text line
        c.saveState()
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(1.2)
        c.line(ax, dot_y if self.last else 0, ax, self.height if not self.first else dot_y)
        self._marker(c, ax, dot_y)
        if self.year_tag:
            self._year(c, ax, top + YEAR_H / 2)
        c.restoreState()
        self.label.drawOn(c, 0, top - self.label.height)
        self.text.drawOn(c, self._text_x(), top - self.text.height)

    def _marker(self, c, ax: float, y: float):
        colour = DISPUTED if self.row.disputed else INTERVAL if self.row.interval else DOT
        c.setFillColor(colour)
        if self.row.interval:
            c.roundRect(ax - 3, y - 7, 6, 14, 3, stroke=0, fill=1)
        else:
            c.setStrokeColor(white)
            c.circle(ax, y, 3.6, stroke=1, fill=1)

    def _year(self, c, ax: float, y: float):
        label = self.year_tag or ""
        w = stringWidth(label, fonts.SANS_BOLD, 7.5) + 8
        c.setFillColor(styles.ACCENT)
        c.roundRect(ax - w / 2, y - 5.5, w, 11, 3, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont(fonts.SANS_BOLD, 7.5)
        c.drawCentredString(ax, y - 2.7, label)


def _label_markup(row: Row) -> str:
    """The date, and below it the disputed mark, smaller and in its colour."""
    if not row.disputed:
        return esc(row.label)
    return f'{esc(row.label)}<br/><font size="7.5" color="{DISPUTED_HEX}">{esc(row.mark)}</font>'


GAP_H = 15.0


class _GapRow(Flowable):
    """Where events were left out: the axis dotted, and how many ("+4 960")."""

    first = last = False

    def __init__(self, gap: Gap):
        super().__init__()
        self.label = gap.label
        self._bg_notes: list[int] = []

    def wrap(self, aW, aH):
        self.width, self.height = aW, GAP_H
        return aW, self.height

    def split(self, aW, aH):
        return []

    def draw(self):
        c = self.canv
        ax = LABEL_W + AXIS_GAP
        c.saveState()
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(1.2)
        c.setDash(1.5, 2.5)
        c.line(ax, 2 if self.last else 0, ax, self.height - (2 if self.first else 0))
        c.setFillColor(styles.MUTED)
        c.setFont(fonts.SANS, 8)
        c.drawRightString(LABEL_W, self.height / 2 - 2.8, self.label)
        c.restoreState()
