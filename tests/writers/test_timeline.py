"""Timeline figures stay bounded: a case with thousands of dated facts."""

from __future__ import annotations

import datetime as dt
import io
import re
import resource
import sys
import tracemalloc

import pdfplumber
import pytest

from briefgen.document import Document, Figure, Meta, Text, Timeline, TimelineEvent, WriterOptions
from briefgen.writers import docx, pdf
from briefgen.writers.docx import timeline as docx_timeline
from briefgen.writers.timeline_layout import MAX_EVENTS, count_label, in_date_order, select

EVENTS = 5000
DAY0 = dt.date(2010, 1, 1)
MB = 1024 * 1024


def fact(i: int) -> TimelineEvent:
    """Fact i happened on day 3*i; every seventh spans two weeks."""
    day = DAY0 + dt.timedelta(days=3 * i)
    end = day + dt.timedelta(days=14) if i % 7 == 0 else day
    return TimelineEvent(day.isoformat(), end.isoformat(), f"day {i}", f"Fact F{i:05d}E was reported by field sources.")


def many_facts(n: int = EVENTS) -> tuple[TimelineEvent, ...]:
    """n facts in a scrambled, repeatable order (not date order)."""
    return tuple(fact((i * 7919) % n) for i in range(n))


def figure_document(events) -> Document:
    return Document(Meta(title="Large case"), (Figure(Timeline(events), (Text("Timeline of events"),)),))


def _maxrss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


@pytest.mark.parametrize("writer", [pdf, docx], ids=["pdf", "docx"])
def test_thousands_of_events_build_in_bounded_memory(writer):
    document = figure_document(many_facts())
    rss_before = _maxrss_bytes()
    tracemalloc.start()
    try:
        data = writer.write(document, WriterOptions())
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(data, bytes) and len(data) > 1000
    # tracemalloc sees Python objects (flowables); the RSS peak also sees
    # Pillow's pixel buffers, which it does not.
    assert python_peak < 300 * MB
    assert _maxrss_bytes() - rss_before < 300 * MB


def _shown_facts(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"F(\d{5})E", text)]


def test_pdf_and_docx_draw_the_same_latest_events_in_date_order(monkeypatch):
    document = figure_document(many_facts())
    placed: list = []
    real_place = docx_timeline.place
    monkeypatch.setattr(docx_timeline, "place", lambda events: _record(placed, real_place(events)))
    docx.write(document, WriterOptions())
    with pdfplumber.open(io.BytesIO(pdf.write(document, WriterOptions()))) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    latest = list(range(EVENTS - MAX_EVENTS, EVENTS))
    assert _shown_facts(text) == latest
    assert [_shown_facts(p.event.text)[0] for p in placed] == latest
    # How many were left out is said in the figure, language-neutrally.
    assert "+4960" in re.sub(r"\s", "", text)


def _record(seen: list, placed: list) -> list:
    seen.extend(placed)
    return placed


def test_docx_picture_size_is_bounded():
    from PIL import Image

    width, height = Image.open(io.BytesIO(docx_timeline.render_png(Timeline(many_facts())))).size
    # 40 rows of at most two lines, eight marker lanes, two "+n" rows.
    assert width == docx_timeline.WIDTH and height < 5000


def test_select_keeps_latest_dated_then_undated_and_counts_gaps():
    undated = [TimelineEvent("?", "", "undated", f"u{i}") for i in range(3)]
    events = [fact(i) for i in (5, 1, 4, 0, 3, 2)] + undated
    chosen = select(events, limit=4)
    assert [s.event.text for s in chosen.shown] == [fact(i).text for i in (2, 3, 4, 5)]
    assert [s.skipped_before for s in chosen.shown] == [2, 0, 0, 0]
    assert chosen.skipped_after == 3 and chosen.skipped == 5
    # Room left over after the dated ones goes to undated, in input order.
    roomy = select(events[:2] + undated, limit=4)
    assert [s.event.text for s in roomy.shown] == [fact(1).text, fact(5).text, "u0", "u1"]
    assert roomy.skipped_after == 1
    assert select(events, limit=len(events)).skipped == 0


def test_count_label_groups_digits_without_a_locale():
    assert count_label(7) == "+7"
    assert count_label(4960) == "+4\u202f960"
    assert count_label(1234567) == "+1\u202f234\u202f567"


# --- reading order ------------------------------------------------------------------


def _event(start: str, end: str = "", text: str = "") -> TimelineEvent:
    return TimelineEvent(start, end or start, start, text or start)


def _order(*dates: str) -> list[str]:
    return [event.start for _, event in in_date_order([_event(d) for d in dates])]


def test_a_month_follows_the_days_it_holds_whatever_the_input_order():
    # "July 2025" says "some time in July": never before 14 July.
    assert _order("2025-07-14", "2025-07") == ["2025-07-14", "2025-07"]
    assert _order("2025-07", "2025-07-14") == ["2025-07-14", "2025-07"]
    assert _order("2025-07", "2025-07-31", "2025-08-01") == ["2025-07-31", "2025-07", "2025-08-01"]


def test_a_year_follows_the_months_and_days_it_holds():
    assert _order("2025", "2025-12-01", "2025-07") == ["2025-07", "2025-12-01", "2025"]
    assert _order("2026-01-02", "2025", "2024-12-31", "2025-03-04") == [
        "2024-12-31", "2025-03-04", "2025", "2026-01-02"]


def test_a_partial_date_holding_nothing_more_precise_sorts_by_its_start():
    # Nothing else in 2024: the year stands between 2023 and 2025 events
    # either way, and among equals the input order is kept.
    assert _order("2025-02-01", "2024", "2023-06-01") == ["2023-06-01", "2024", "2025-02-01"]
    assert _order("2019", "2019") == ["2019", "2019"]


def test_an_interval_sorts_by_its_start_and_a_month_holding_it_follows():
    events = [_event("2025-07"), _event("2025-07-19", "2025-07-28"), _event("2025-07-14")]
    ordered = [(e.start, e.end) for _, e in in_date_order(events)]
    assert ordered == [("2025-07-14", "2025-07-14"), ("2025-07-19", "2025-07-28"), ("2025-07", "2025-07")]
