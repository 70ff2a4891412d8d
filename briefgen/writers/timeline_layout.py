"""A timeline laid out once, for the PDF and the DOCX writer to draw alike.

``layout(timeline)`` gives the rows in reading order (number, date label,
the fact's short form, whether it is disputed, where it lies on the axis),
the rows saying how many events were left out where, and the axis ticks.
The writers only draw it: no date reading, ordering, ticks or shortening
of their own, so the PDF figure and the DOCX table of one brief show the
same entries in the same words.

A case can hold thousands of dated facts; a figure that draws them all
grows without bound (a DOCX picture of 5,000 events once passed 2 GB).
The layout therefore keeps at most ``MAX_EVENTS``: the latest ones, as a
brief is read for what happened most recently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.chronology import in_date_order, is_interval, span
from briefgen.document import Timeline, TimelineEvent

from .timeline_text import short_form

MAX_EVENTS = 40



@dataclass(frozen=True)
class Shown:
    """An event drawn, and how many left out just before it (date order)."""

    event: TimelineEvent
    skipped_before: int = 0


@dataclass(frozen=True)
class Selection:
    """The events drawn, in date order (undated last), and the tail left out."""

    shown: tuple[Shown, ...]
    skipped_after: int = 0

    @property
    def skipped(self) -> int:
        return self.skipped_after + sum(s.skipped_before for s in self.shown)


def select(events, limit: int = MAX_EVENTS) -> Selection:
    """At most `limit` events: the latest dated ones, undated only if room."""
    ordered = in_date_order(events)
    keep = _kept_positions(ordered, limit)
    shown: list[Shown] = []
    gap = 0
    for position, (_, event) in enumerate(ordered):
        if position in keep:
            shown.append(Shown(event, gap))
            gap = 0
        else:
            gap += 1
    return Selection(tuple(shown), gap)


def _kept_positions(ordered, limit: int) -> set[int]:
    """Positions (in date order) to draw: the newest dated events first."""
    if len(ordered) <= limit:
        return set(range(len(ordered)))
    dated = sum(1 for _, event in ordered if span(event) is not None)
    # Dated events come first in `ordered`, so the newest sit just before
    # the undated tail; undated ones fill what room the dated leave.
    first = max(dated - limit, 0)
    return set(range(first, first + limit))


def count_label(skipped: int) -> str:
    """"+4 960": digits grouped by a narrow space, read alike in every
    language the briefs use (a comma or a dot would mean the decimal point
    in some of them)."""
    return "+" + f"{skipped:,}".replace(",", "\u202f")


# --- the layout ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One event as drawn."""

    number: int  # 1, 2, … in reading order
    label: str  # the date as the reader sees it ("19–28 July 2025")
    text: str  # the fact's short form (timeline_text)
    disputed: bool  # one side of a disagreement: drawn with `mark`
    mark: str  # "disputed" in the reader's words; "" when not disputed
    span: tuple[float, float] | None  # first and last day as fractions of the axis; None undated
    interval: bool  # a stretch of days (a bar), not one date (a dot)
    year: str  # the year it starts in ("" undated): rows are grouped by it


@dataclass(frozen=True)
class Gap:
    """Where events were left out, and how many."""

    count: int

    @property
    def label(self) -> str:
        return count_label(self.count)


@dataclass(frozen=True)
class Tick:
    at: float  # fraction of the axis, 0 at its left end
    label: str  # "2025" or "2025-07" (ISO, read alike in every language); "" for a minor tick


@dataclass(frozen=True)
class Layout:
    entries: tuple[Row | Gap, ...]  # in drawing order
    ticks: tuple[Tick, ...]  # empty without dated rows

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(e for e in self.entries if isinstance(e, Row))


def layout(timeline: Timeline) -> Layout:
    """The rows to draw (at most MAX_EVENTS), the gaps and the axis."""
    selection = select(timeline.events)
    bounds = [span(shown.event) for shown in selection.shown]
    axis = _axis([b for b in bounds if b is not None])
    entries: list[Row | Gap] = []
    for number, (shown, bound) in enumerate(zip(selection.shown, bounds, strict=True), start=1):
        if shown.skipped_before:
            entries.append(Gap(shown.skipped_before))
        entries.append(_row(number, shown.event, bound, axis))
    if selection.skipped_after:
        entries.append(Gap(selection.skipped_after))
    return Layout(tuple(entries), _ticks(*axis) if axis else ())


def _row(number: int, event: TimelineEvent, bound, axis) -> Row:
    mark = (event.disputed_label or "disputed") if event.disputed else ""
    # To the end of the event's last day, so that one day is not a point.
    place = (_fraction(bound[0].toordinal(), axis), _fraction(bound[1].toordinal() + 1, axis)) \
        if bound and axis else None
    text = short_form(event.text, event.start, event.end)
    return Row(number, _bounded(event.label, LABEL_MAX), _bounded(text, TEXT_MAX), event.disputed,
               mark, place, is_interval(event), str(bound[0].year) if bound else "")


# Guards against malformed inputs only: a date label is a few words, and a
# fact's short form a sentence.  Past these a row could outgrow a page (a
# PDF row does not split), so the excess goes, with an ellipsis to say so.
LABEL_MAX = 60
TEXT_MAX = 600


def _bounded(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "\u2026"


def _axis(bounds) -> tuple[int, int] | None:
    """The axis's ends (day ordinals): every drawn event, a little air either
    side, and at least a month wide so that one date still gets a tick."""
    if not bounds:
        return None
    lo = min(b[0] for b in bounds).toordinal()
    hi = max(b[1] for b in bounds).toordinal() + 1
    pad = max((hi - lo) // 25, 15)
    return lo - pad, hi + pad


def _fraction(ordinal: int, axis: tuple[int, int]) -> float:
    lo, hi = axis
    return (ordinal - lo) / (hi - lo)


def _ticks(lo: int, hi: int) -> tuple[Tick, ...]:
    """Year ticks over two years or more, else month ticks; at most a dozen
    labelled, the others minor (unlabelled, and left out when very many)."""
    years = (hi - lo) / 365.25
    if years >= 2:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if years / s <= 12)
        starts = [dt.date(y, 1, 1) for y in _years_after(lo, hi)]
        marks = [(day, str(day.year) if day.year % step == 0 else "") for day in starts]
        if len(marks) > 60:
            marks = [m for m in marks if m[1]]
    else:
        starts = _month_starts(lo, hi)
        every = next(s for s in (1, 2, 3, 6, 12) if len(starts) / s <= 8)
        marks = [(day, f"{day.year}-{day.month:02d}" if (day.month - 1) % every == 0 else "")
                 for day in starts]
    return tuple(Tick(_fraction(day.toordinal(), (lo, hi)), label) for day, label in marks)


def _years_after(lo: int, hi: int) -> range:
    """Years whose 1 January lies on the axis (after its first day)."""
    first = dt.date.fromordinal(max(lo, 1)).year + 1
    last = dt.date.fromordinal(min(hi, dt.date.max.toordinal())).year
    return range(first, last + 1)


def _month_starts(lo: int, hi: int) -> list[dt.date]:
    """The first days of months on the axis (after its first day)."""
    day = dt.date.fromordinal(max(lo, 1))
    out: list[dt.date] = []
    year, month = day.year, day.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if year > 9999 or dt.date(year, month, 1).toordinal() > hi:
            return out
        out.append(dt.date(year, month, 1))
