"""Timeline figures stay bounded: a case with thousands of dated facts."""

from __future__ import annotations

import datetime as dt
import io
import re
import resource
import subprocess
import sys
import tracemalloc
import zipfile

import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefgen.chronology import in_date_order
from briefgen.document import (
    Document,
    Figure,
    Meta,
    Text,
    Timeline,
    TimelineEvent,
    WriterOptions,
)
from briefgen.writers import docx, pdf
from briefgen.writers.timeline_layout import (
    MAX_EVENTS,
    Gap,
    Row,
    count_label,
    layout,
    select,
)

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
    # tracemalloc sees Python objects (flowables, XML); the RSS peak also
    # sees what C libraries hold (ReportLab, lxml).
    assert python_peak < 300 * MB
    assert _maxrss_bytes() - rss_before < 300 * MB


def _shown_facts(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"F(\d{5})E", text)]


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return "\n".join("".join(p.itertext()) for p in body.iter(qn("w:p")))


def test_pdf_and_docx_draw_the_same_latest_events_in_date_order():
    document = figure_document(many_facts())
    in_docx = _docx_text(docx.write(document, WriterOptions()))
    with pdfplumber.open(io.BytesIO(pdf.write(document, WriterOptions()))) as doc:
        in_pdf = "\n".join(page.extract_text() or "" for page in doc.pages)
    latest = list(range(EVENTS - MAX_EVENTS, EVENTS))
    assert _shown_facts(in_pdf) == latest
    assert _shown_facts(in_docx) == latest
    # How many were left out is said in both, language-neutrally.
    assert "+4960" in re.sub(r"\s", "", in_pdf)
    assert "+4\u202f960" in in_docx


def test_layout_bounds_the_rows_and_says_where_events_were_left_out():
    laid_out = layout(Timeline(many_facts()))
    assert len(laid_out.rows) == MAX_EVENTS
    assert [r.number for r in laid_out.rows] == list(range(1, MAX_EVENTS + 1))
    gap = laid_out.entries[0]
    assert isinstance(gap, Gap) and gap.count == EVENTS - MAX_EVENTS and gap.label == "+4\u202f960"
    assert all(isinstance(e, Row) for e in laid_out.entries[1:])


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


# --- one layout, drawn by both writers -------------------------------------------------


def test_layout_places_rows_on_the_axis_with_iso_ticks():
    events = (TimelineEvent("2025-07-19", "2025-07-28", "19–28 July 2025", "The exercise took place."),
              TimelineEvent("2025-03-01", "2025-03-01", "1 March 2025", "A visit."))
    laid_out = layout(Timeline(events))
    visit, exercise = laid_out.rows
    assert (visit.label, exercise.label) == ("1 March 2025", "19–28 July 2025")
    assert 0 < visit.span[0] < visit.span[1] < exercise.span[0] < exercise.span[1] < 1
    assert exercise.interval and not visit.interval
    assert (visit.year, exercise.year) == ("2025", "2025")
    # Month ticks under two years, labelled in ISO form, in axis order.
    labels = [t.label for t in laid_out.ticks if t.label]
    assert labels[0] == "2025-03" and "2025-07" in labels and len(labels) <= 12
    assert [t.at for t in laid_out.ticks] == sorted(t.at for t in laid_out.ticks)
    march = next(t for t in laid_out.ticks if t.label == "2025-03")
    assert march.at == pytest.approx(visit.span[0])  # 1 March: where the visit starts


def test_layout_year_ticks_over_long_spans_and_extreme_dates():
    decade = layout(Timeline((_event("2010-01-01"), _event("2020-06-30"))))
    assert [t.label for t in decade.ticks if t.label][:3] == ["2010", "2011", "2012"]
    extreme = layout(Timeline((TimelineEvent("0001-01-01", "9999-12-31", "all time", "ever"),)))
    assert 0 < len(extreme.ticks) <= 12 and extreme.rows[0].span[1] < 1


def test_layout_rows_say_the_short_form_and_the_disputed_mark():
    events = (TimelineEvent("2020", "2020", "2020", "Serbia bought six CH-92A combat drones from China in 2020. "
                            "More detail follows here.", True, "sporno"),
              TimelineEvent("2021", "2021", "2021", "Plain.", True),  # built without render: English mark
              TimelineEvent("", "", "undated", "No date."))
    first, second, undated = layout(Timeline(events)).rows
    assert first.text == "Serbia bought six CH-92A combat drones from China."
    assert (first.disputed, first.mark) == (True, "sporno")
    assert (second.disputed, second.mark) == (True, "disputed")
    assert (undated.disputed, undated.mark, undated.span, undated.year) == (False, "", None, "")


def test_malformed_labels_and_texts_are_bounded_not_prose():
    word = "x" * 5000
    row = layout(Timeline((TimelineEvent("2020", "2020", word, word),))).rows[0]
    assert len(row.label) <= 60 and len(row.text) <= 600 and row.text.endswith("…")


def test_pdf_figure_draws_the_disputed_mark_by_the_date():
    events = (TimelineEvent("2020", "2020", "2020", "Serbia bought drones.", True, "disputed"),
              TimelineEvent("2022", "2022", "2022", "Serbia bought missiles."))
    data = pdf.write(figure_document(events), WriterOptions())
    with pdfplumber.open(io.BytesIO(data)) as doc:
        words = [w["text"] for w in doc.pages[0].extract_words()]
    assert words.count("disputed") == 1
    assert words.index("disputed") < words.index("missiles.")


def test_docx_table_rows_carry_date_mark_and_text():
    events = (TimelineEvent("2020", "2020", "2020", "Serbia bought drones in 2020.", True, "disputed"),
              TimelineEvent("2022", "2022", "2022", "Serbia bought missiles."))
    data = docx.write(figure_document(events), WriterOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    rows = [["".join(cell.itertext()) for cell in tr.iter(qn("w:tc"))] for tr in body.iter(qn("w:tr"))]
    assert rows == [["2020disputed", "Serbia bought drones."], ["2022", "Serbia bought missiles."]]


def test_writing_a_docx_does_not_load_pillow():
    code = ("import sys; from tests.writers.test_timeline import figure_document, many_facts; "
            "from briefgen.writers import docx; from briefgen.document import WriterOptions; "
            "docx.write(figure_document(many_facts(50)), WriterOptions()); print('PIL' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
