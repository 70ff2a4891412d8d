"""Draws a Timeline as a PNG with Pillow (the DOCX has no vector charts
we could rely on in every client, so the figure is a picture).

Layout, top to bottom: numbered markers in lanes above a horizontal date
axis (intervals also shade their span on the axis), the axis with ISO tick
labels (language-neutral), then a legend row per event: number, the date as
the reader sees it, and the event text shortened to two lines.

Nothing here depends on the clock, the directory or dict order, so the
same events always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from PIL import Image, ImageDraw, ImageFont

from ... import document as d
from ..timeline_layout import count_label, in_date_order, select, span
from .text import one_line

WIDTH = 1800  # px; shown at text width (~16 cm) that is about 280 dpi
MARGIN = 40
BADGE_R = 19
LANE_H = 50
MAX_LANES = 8
TEXT_MAX = 160  # characters kept of an event's text before wrapping
INK, ACCENT, SPAN, GRID = (33, 33, 33), (31, 56, 100), (120, 150, 200), (200, 200, 200)
DPI = 288
MUTED = (110, 110, 110)
GAP_H = 52  # a legend row saying how many events were left out there


@dataclass(frozen=True)
class Placed:
    number: int
    event: d.TimelineEvent
    start: dt.date | None
    end: dt.date | None


def render_png(timeline: d.Timeline) -> bytes:
    """The timeline picture as PNG bytes (deterministic).

    At most MAX_EVENTS events are drawn (timeline_layout.select), so the
    picture's size is bounded: lanes are capped, each legend row is at most
    two lines, and the rows saying how many events were left out are at
    most one per drawn event plus one.
    """
    selection = select(timeline.events)
    placed = place([s.event for s in selection.shown])
    gaps = [s.skipped_before for s in selection.shown] + [selection.skipped_after]
    dated = [p for p in placed if p.start is not None]
    lanes = assign_lanes(dated, *_range(dated)) if dated else {}
    lane_count = max(lanes.values(), default=-1) + 1
    axis_y = MARGIN + lane_count * LANE_H + (BADGE_R if dated else 0)
    legend_top = axis_y + (90 if dated else 0)
    label_w = _label_width(placed)
    rows = [_legend_lines(p, label_w) for p in placed]
    height = legend_top + sum(_row_height(r) for r in rows) + GAP_H * sum(1 for g in gaps if g) + MARGIN
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    if dated:
        _draw_axis(draw, dated, lanes, axis_y)
    _draw_legend(draw, placed, rows, gaps, legend_top, LABEL_X + label_w + 30)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()


# --- dates ----------------------------------------------------------------------


def place(events) -> list[Placed]:
    """Events in date order (undated last), numbered as the legend shows.

    The order is timeline_layout's, shared with the PDF figure.
    """
    placed = []
    for number, (_, event) in enumerate(in_date_order(events), start=1):
        start, end = span(event) or (None, None)
        placed.append(Placed(number, event, start, end))
    return placed


def _range(dated: list[Placed]) -> tuple[dt.date, dt.date]:
    """Axis range with a little air either side; at least a month wide."""
    lo = min(p.start for p in dated)
    hi = max(p.end for p in dated)
    pad = max((hi - lo).days // 25, 15)
    # Clamped: year 1 or 9999 events must not overflow the date type.
    first = max(lo.toordinal() - pad, dt.date.min.toordinal())
    last = min(hi.toordinal() + pad, dt.date.max.toordinal())
    return dt.date.fromordinal(first), dt.date.fromordinal(last)


def _x(day: dt.date, lo: dt.date, hi: dt.date) -> float:
    span = max((hi - lo).days, 1)
    return MARGIN + (WIDTH - 2 * MARGIN) * (day - lo).days / span


# --- markers above the axis -------------------------------------------------------


def assign_lanes(dated: list[Placed], lo: dt.date, hi: dt.date) -> dict[int, int]:
    """Lane per event so badges never overlap (greedy, first free lane)."""
    lane_ends: list[float] = []
    lanes = {}
    for p in dated:
        left = _x(p.start, lo, hi) - BADGE_R - 6
        right = max(_x(p.end, lo, hi), left + 2 * BADGE_R + 12)
        free = [i for i, end in enumerate(lane_ends) if end < left]
        if free:
            lane = free[0]
        elif len(lane_ends) < MAX_LANES:
            lane = len(lane_ends)
            lane_ends.append(0.0)
        else:  # crowded: reuse the lane that frees up first
            lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
        lane_ends[lane] = right
        lanes[p.number] = lane
    return lanes


def _draw_axis(draw, dated, lanes, axis_y: int) -> None:
    lo, hi = _range(dated)
    _draw_ticks(draw, lo, hi, axis_y)
    draw.line([(MARGIN, axis_y), (WIDTH - MARGIN, axis_y)], fill=INK, width=3)
    for p in dated:
        x0, x1 = _x(p.start, lo, hi), _x(p.end, lo, hi)
        if x1 - x0 >= 4:  # an interval: shade its span on the axis
            draw.rounded_rectangle([x0, axis_y - 7, x1, axis_y + 7], radius=7, fill=SPAN)
        y = axis_y - BADGE_R - 12 - lanes[p.number] * LANE_H
        draw.line([(x0, y), (x0, axis_y)], fill=ACCENT, width=2)
        _badge(draw, x0, y, p.number)


def _badge(draw, x: float, y: float, number: int) -> None:
    draw.ellipse([x - BADGE_R, y - BADGE_R, x + BADGE_R, y + BADGE_R], fill=ACCENT)
    draw.text((x, y), str(number), font=_font("NotoSans-Bold.ttf", 22), fill="white", anchor="mm")


def _draw_ticks(draw, lo: dt.date, hi: dt.date, axis_y: int) -> None:
    font = _font("NotoSans-Regular.ttf", 24)
    last_right = -1.0
    for day, label in ticks(lo, hi):
        x = _x(day, lo, hi)
        draw.line([(x, axis_y - 10), (x, axis_y + 10)], fill=INK, width=2)
        half = draw.textlength(label, font=font) / 2
        if x - half > last_right + 12 and x + half < WIDTH:  # never overprint labels
            draw.text((x, axis_y + 18), label, font=font, fill=INK, anchor="ma")
            last_right = x + half


def ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    """Year, month or day ticks, at most a dozen, labelled in ISO form."""
    days = (hi - lo).days
    if days > 3 * 365:
        step = max(1, -(-(hi.year - lo.year) // 10))
        years = range(lo.year + 1, hi.year + 1)
        return [(dt.date(y, 1, 1), str(y)) for y in years if y % step == 0]
    if days > 62:
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 12)
        out, y, m = [], lo.year, lo.month
        while True:
            m, y = (1, y + 1) if m == 12 else (m + 1, y)
            if dt.date(y, m, 1) > hi:
                return out
            if (m - 1) % step == 0:
                out.append((dt.date(y, m, 1), f"{y}-{m:02d}"))
    step = max(1, -(-days // 10))
    return [
        (lo + dt.timedelta(days=i), (lo + dt.timedelta(days=i)).isoformat())
        for i in range(1, days)
        if (lo + dt.timedelta(days=i)).toordinal() % step == 0
    ]


# --- legend below the axis ------------------------------------------------------

LABEL_MAX = 430  # px; longer date labels wrap onto a second line
LABEL_X = MARGIN + 2 * BADGE_R + 20
LINE_H = 42


def _label_width(placed: list[Placed]) -> int:
    """The date column: as wide as the widest label, within LABEL_MAX."""
    font = _font("NotoSans-Bold.ttf", 30)
    widest = max((font.getlength(_label(p)) for p in placed), default=0)
    return min(math.ceil(max(widest, 120)) + 2, LABEL_MAX)  # +2: never wrap the widest


def _legend_lines(p: Placed, label_w: int) -> tuple[list[str], list[str]]:
    text_x = LABEL_X + label_w + 30
    label = wrap(_label(p), _font("NotoSans-Bold.ttf", 30), label_w, 2)
    text = wrap(shorten(one_line(p.event.text)), _font("NotoSans-Regular.ttf", 30), WIDTH - MARGIN - text_x, 2)
    return label, text


def _label(p: Placed) -> str:
    return shorten(one_line(p.event.label), 60)


def _row_height(lines) -> int:
    return max(len(lines[0]), len(lines[1]), 1) * LINE_H + 16


def _draw_legend(draw, placed, rows, gaps, top: int, text_x: int) -> None:
    """One row per event; gaps[i] events left out before placed[i], and
    gaps[-1] after the last."""
    bold, regular = _font("NotoSans-Bold.ttf", 30), _font("NotoSans-Regular.ttf", 30)
    y = top
    for p, (label, text), gap in zip(placed, rows, gaps):
        y = _draw_gap(draw, gap, y)
        _badge(draw, MARGIN + BADGE_R, y + LINE_H / 2, p.number)
        for i, line in enumerate(label):
            draw.text((LABEL_X, y + i * LINE_H + 4), line, font=bold, fill=ACCENT)
        for i, line in enumerate(text):
            draw.text((text_x, y + i * LINE_H + 4), line, font=regular, fill=INK)
        y += _row_height((label, text))
        draw.line([(MARGIN, y - 8), (WIDTH - MARGIN, y - 8)], fill=GRID, width=1)
    _draw_gap(draw, gaps[-1], y)


def _draw_gap(draw, skipped: int, y: int) -> int:
    """Where events were left out: dots in the badge column and how many
    ("+4 960", language-neutral).  Returns the y below the row."""
    if not skipped:
        return y
    x = MARGIN + BADGE_R
    for i in range(3):
        cy = y + 12 + i * 10
        draw.ellipse([x - 3, cy - 3, x + 3, cy + 3], fill=MUTED)
    draw.text((LABEL_X, y + 4), count_label(skipped), font=_font("NotoSans-Regular.ttf", 30), fill=MUTED)
    draw.line([(MARGIN, y + GAP_H - 8), (WIDTH - MARGIN, y + GAP_H - 8)], fill=GRID, width=1)
    return y + GAP_H


def shorten(text: str, limit: int = TEXT_MAX) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:.") + "\u2026"


def wrap(text: str, font, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap; over-long words break anywhere; overflow gets …"""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width:  # a word wider than the column
            cut = _fit(current, font, width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], font, width)
    return lines or [""]


def _fit(text: str, font, width: float) -> int:
    """How many leading characters fit in `width` (at least one)."""
    lo, hi = 1, len(text)
    while lo < hi:  # binary search: text may be a 5000-character "word"
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _ellipsize(line: str, font, width: float) -> str:
    while line and font.getlength(line + "\u2026") > width:
        line = line[:-1]
    return line.rstrip(" ,;:.") + "\u2026"


@lru_cache(maxsize=None)
def _font(name: str, size: int):
    data = (files("briefgen") / "fonts" / name).read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size)
