"""Timeline figure: an overview strip to scale, then a vertical event list.

The strip shows where events fall in time (dots for dates, bars for
intervals); the list below gives each event its own row on a drawn axis, so
clustered events spanning years stay legible and the figure can break
between rows across pages.  Which events are drawn, and in which order, is
timeline_layout's choice (shared with the DOCX figure); a row on the axis
says how many were left out where they were.
"""

from __future__ import annotations

import calendar
import textwrap
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from briefgen.document import Timeline, TimelineEvent

from ..timeline_layout import count_label, select, span
from . import fonts, styles
from .markup import clean, esc

LABEL_W = 96.0  # date column
AXIS_GAP = 10.0  # from date column to axis, and axis to text
TEXT_MAX = 170  # characters of event text shown
DOT = HexColor("#1F4E79")
INTERVAL = HexColor("#4F81BD")


@dataclass(frozen=True)
class _Event:
    start: float | None  # fractional years; None if the date is unreadable
    end: float | None
    year: int | None
    event: TimelineEvent

    @property
    def interval(self) -> bool:
        return self.event.end.strip() not in ("", self.event.start.strip())


def timeline_flowables(timeline: Timeline, width: float, note: bool = False) -> list:
    selection = select(timeline.events)  # bounded, so a huge case stays cheap
    events = [_parse(shown.event) for shown in selection.shown]
    if not events:
        return []
    out: list = []
    dated = [e for e in events if e.start is not None]
    if len(dated) >= 2 and not note:
        out.append(_Overview(dated, width))
    gaps = [shown.skipped_before for shown in selection.shown] + [selection.skipped_after]
    return out + _rows(events, gaps)


def _rows(events: list[_Event], gaps: list[int]) -> list:
    """A row per event, in the given order, and a gap row wherever events
    were left out (gaps[i] before events[i], gaps[-1] after the last)."""
    rows: list = []
    last_year = None
    for ev, gap in zip(events, gaps):
        if gap:
            rows.append(_GapRow(gap))
        rows.append(_EventRow(ev, ev.year if ev.year != last_year else None))
        last_year = ev.year
    if gaps[-1]:
        rows.append(_GapRow(gaps[-1]))
    rows[0].first = rows[-1].last = True  # the axis stops at the ends
    return rows


def _parse(event: TimelineEvent) -> _Event:
    """Position in fractional years, read as the DOCX figure reads it."""
    bounds = span(event)
    if bounds is None:
        return _Event(None, None, None, event)
    first, last = bounds
    return _Event(_years(first), _years(last) + 1 / 366, first.year, event)


def _years(d: date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / (366 if calendar.isleap(d.year) else 365)


def _short(text: str, limit: int) -> str:
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    # Word-aware where possible; one huge word is cut hard.
    return textwrap.shorten(text, limit, placeholder=" \u2026") if " " in text[:limit] else text[: limit - 1] + "\u2026"


# --- the overview strip ---------------------------------------------------------


class _Overview(Flowable):
    """A horizontal axis to scale with every event marked on it."""

    HEIGHT = 40.0

    def __init__(self, events: list[_Event], width: float):
        super().__init__()
        self.events = events
        lo = min(e.start for e in events)
        hi = max(e.end for e in events)
        pad = max((hi - lo) * 0.04, 1 / 120)
        self.lo, self.hi = lo - pad, hi + pad
        self.width = width
        self.spaceAfter = 6
        self._bg_notes: list[int] = []

    def wrap(self, aW, aH):
        self.width, self.height = aW, self.HEIGHT
        return aW, self.height

    def split(self, aW, aH):
        return []

    def _x(self, t: float) -> float:
        return LABEL_W + AXIS_GAP + (t - self.lo) / (self.hi - self.lo) * (self.width - LABEL_W - AXIS_GAP - 4)

    def draw(self):
        c = self.canv
        y = 22.0
        c.saveState()
        c.setStrokeColor(styles.MUTED)
        c.setLineWidth(0.8)
        c.line(self._x(self.lo), y, self._x(self.hi), y)
        self._ticks(c, y)
        c.setFillAlpha(0.65)  # overlapping marks in a cluster stay visible
        for e in self.events:
            self._mark(c, e, y)
        c.restoreState()

    def _mark(self, c, e: _Event, y: float):
        x0, x1 = self._x(e.start), self._x(e.end)
        if e.interval:
            c.setFillColor(INTERVAL)
            c.roundRect(x0, y + 3, max(x1 - x0, 3), 6, 2, stroke=0, fill=1)
        else:
            c.setFillColor(DOT)
            c.circle((x0 + x1) / 2, y + 6, 2.8, stroke=0, fill=1)

    def _ticks(self, c, y: float):
        c.setFont(fonts.SANS, 7)
        c.setFillColor(styles.MUTED)
        for t, label in _tick_marks(self.lo, self.hi):
            x = self._x(t)
            c.line(x, y - 2.5, x, y + (2.5 if label else 1))
            if label:
                c.drawCentredString(x, y - 11, label)


def _tick_marks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Year ticks for long spans, month ticks for short ones (ISO labels)."""
    span = hi - lo
    if span >= 2:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if span / s <= 12)
        first = int(lo) + 1
        return [(float(y), str(y) if y % step == 0 else "") for y in range(first, int(hi) + 1)]
    marks = []
    months = int(span * 12) + 2
    every = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
    y, m = int(lo), int((lo - int(lo)) * 12) + 2
    while True:
        if m > 12:
            y, m = y + 1, m - 12
        t = _years(date(y, m, 1))
        if t > hi:
            return marks
        marks.append((t, f"{y}-{m:02d}" if (m - 1) % every == 0 else ""))
        m += 1


# --- the event list ---------------------------------------------------------------

_LABEL_STYLE = ParagraphStyle("bg-tl-label", fontName=fonts.SANS_BOLD, fontSize=8.5,
                              leading=11, alignment=TA_RIGHT, textColor=styles.INK)
_TEXT_STYLE = ParagraphStyle("bg-tl-text", fontName=fonts.SERIF, fontSize=9, leading=12,
                             alignment=TA_LEFT, textColor=styles.INK, splitLongWords=1)
YEAR_H = 16.0
PAD = 7.0


class _EventRow(Flowable):
    """One event: date on the left, a dot (or bar) on the axis, text right."""

    first = last = False  # the first (last) row draws no axis above (below) it

    def __init__(self, ev: _Event, year_tag: int | None):
        super().__init__()
        self.ev, self.year_tag = ev, year_tag
        self.label = Paragraph(esc(_short(ev.event.label, 60)), _LABEL_STYLE)
        self.text = Paragraph(esc(_short(ev.event.text, TEXT_MAX)), _TEXT_STYLE)
        self._bg_notes: list[int] = []

    def wrap(self, aW, aH):
        self.width = aW
        _, hl = self.label.wrap(LABEL_W, 1e6)
        _, ht = self.text.wrap(max(aW - self._text_x(), 40), 1e6)
        self.content_h = max(hl, ht)
        self.height = self.content_h + PAD + (YEAR_H if self.year_tag is not None else 0)
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
        if self.year_tag is not None:
            self._year(c, ax, top + YEAR_H / 2)
        c.restoreState()
        self.label.drawOn(c, 0, top - self.label.height)
        self.text.drawOn(c, self._text_x(), top - self.text.height)

    def _marker(self, c, ax: float, y: float):
        if self.ev.interval:
            c.setFillColor(INTERVAL)
            c.roundRect(ax - 3, y - 7, 6, 14, 3, stroke=0, fill=1)
        else:
            c.setFillColor(DOT)
            c.setStrokeColor(white)
            c.circle(ax, y, 3.6, stroke=1, fill=1)

    def _year(self, c, ax: float, y: float):
        label = str(self.year_tag)
        w = stringWidth(label, fonts.SANS_BOLD, 7.5) + 8
        c.setFillColor(styles.ACCENT)
        c.roundRect(ax - w / 2, y - 5.5, w, 11, 3, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont(fonts.SANS_BOLD, 7.5)
        c.drawCentredString(ax, y - 2.7, label)


GAP_H = 15.0


class _GapRow(Flowable):
    """Where events were left out: the axis dotted, and how many ("+4 960")."""

    first = last = False

    def __init__(self, skipped: int):
        super().__init__()
        self.label = count_label(skipped)
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
