"""Which timeline events a writer draws, in which order (PDF and DOCX alike).

A case can hold thousands of dated facts; a figure that draws them all
grows without bound (the DOCX picture alone passed 2 GB and Pillow's
decompression-bomb limit at 5,000 events).  Both writers therefore draw at
most ``MAX_EVENTS``: the latest ones, as a brief is read for what happened
most recently, and say how many they left out where they left them out.
Sharing the order and the choice here keeps the PDF and the DOCX figure of
one brief showing the same events.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefgen.document import TimelineEvent

MAX_EVENTS = 40

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


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


def parse_partial(text: str, last: bool) -> dt.date | None:
    """First (or last) day of "2025-07-19", "2025-07" or "2020".

    Lenient on purpose (out-of-range parts are clamped, trailing text such
    as a time is ignored) so that a slip in the facts file still places
    the event near where it belongs rather than among the undated.
    """
    m = _DATE.match(text or "")
    if not m:
        return None
    year = min(max(int(m.group(1)), 1), 9999)
    month = min(max(int(m.group(2) or (12 if last else 1)), 1), 12)
    days = calendar.monthrange(year, month)[1]
    day = int(m.group(3)) if m.group(3) else (days if last else 1)
    return dt.date(year, month, min(max(day, 1), days))


def span(event: TimelineEvent) -> tuple[dt.date, dt.date] | None:
    """First and last day an event covers; None when its start is unreadable."""
    start = parse_partial(event.start, last=False)
    if start is None:
        return None
    end = parse_partial(event.end or event.start, last=True) or start
    if end < start:  # an end before the start: read it as a single date
        end = parse_partial(event.start, last=True)
    return start, end


def precision(text: str) -> int:
    """0 for a day ("2025-07-14"), 1 for a month ("2025-07"), 2 for a year."""
    m = _DATE.match(text or "")
    return 2 if not m or m.group(2) is None else 1 if m.group(3) is None else 0


def in_date_order(events) -> list[tuple[int, TimelineEvent]]:
    """(input position, event) in reading order; undated last, stable.

    Events sort by the day they start, except a single month or year that
    holds more precise events: "July 2025" says no more than "some time in
    July", so it follows "14 July 2025" rather than standing before it as
    if it were 1 July.  Such a period sorts by its last day, after the day
    dates that end with it ("2025" after "2025-12-31").
    """
    events = list(events)
    bounds = [span(event) for event in events]
    finer = _finer_starts(events, bounds)
    keyed = []
    for index, (event, bound) in enumerate(zip(events, bounds)):
        if bound is None:
            keyed.append(((1, dt.date.min, 0, dt.date.min, index), event))
            continue
        anchor = _anchor(event, bound, finer)
        keyed.append(((0, anchor, precision(event.start), bound[1], index), event))
    keyed.sort(key=lambda k: k[0])
    return [(key[-1], event) for key, event in keyed]


def _finer_starts(events, bounds) -> dict[int, list[dt.date]]:
    """For a month (1) and a year (2): the sorted start days of the events
    dated more precisely than that."""
    out: dict[int, list[dt.date]] = {1: [], 2: []}
    for event, bound in zip(events, bounds):
        if bound is not None:
            rank = precision(event.start)
            for coarser in (1, 2):
                if rank < coarser:
                    out[coarser].append(bound[0])
    return {rank: sorted(days) for rank, days in out.items()}


def _anchor(event: TimelineEvent, bound: tuple[dt.date, dt.date], finer) -> dt.date:
    """The day an event sorts by: its start, or the end of a partial date
    (a single month or year) that holds the start of a more precise event."""
    rank = precision(event.start)
    first, last = bound
    if rank == 0 or _is_interval(event):
        return first
    days = finer[rank]
    at = bisect.bisect_left(days, first)  # bisect: a case may hold thousands
    return last if at < len(days) and days[at] <= last else first


def _is_interval(event: TimelineEvent) -> bool:
    return event.end.strip() not in ("", event.start.strip())


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
