"""The order of dated events: which comes first, read as a reader reads
dates ("2025-07-19", "2025-07", "2020", intervals). Render gives the model's
timeline in this order; the timeline layout keeps it and chooses from it.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re

from briefgen.document import TimelineEvent

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


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
        end = parse_partial(event.start, last=True) or start
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
    for index, (event, bound) in enumerate(zip(events, bounds, strict=True)):
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
    for event, bound in zip(events, bounds, strict=True):
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
    if rank == 0 or is_interval(event):
        return first
    days = finer[rank]
    at = bisect.bisect_left(days, first)  # bisect: a case may hold thousands
    return last if at < len(days) and days[at] <= last else first


def is_interval(event: TimelineEvent) -> bool:
    return event.end.strip() not in ("", event.start.strip())
