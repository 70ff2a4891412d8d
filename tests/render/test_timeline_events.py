"""The timeline render gives the writers: each printed dated fact once, in
reading order, a disputed claim marked as such in the reader's words.

On the shipped case (inputs/china-serbia-exercise-2025), whose disagreements
are real: the FK-3 and CH-92A acquisition years (RFE/RL against RKS News),
the FK-3's targets and Platinum Wolf's host.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import document as d
from briefgen.inputs.case import read_case
from briefgen.project import find_project
from briefgen.render import render_audience

ROOT = Path(__file__).resolve().parents[2]
CASE = "china-serbia-exercise-2025"


@pytest.fixture(scope="module")
def shipped():
    project = find_project(ROOT)
    case, _reading = read_case(project, CASE)
    return project, case


def timeline_events(shipped, audience: str,
                    locale: str | None = None) -> tuple[d.TimelineEvent, ...]:
    """The events of the audience's timeline with every unit composition offers."""
    project, case = shipped
    chosen = case.audiences[audience]
    chosen = chosen.in_locale(locale) if locale else chosen
    blocks = render_audience(project, case, chosen).document.blocks
    figure = next(b for b in blocks if isinstance(b, d.Figure))
    return figure.content.events


def test_facts_on_either_side_of_a_disagreement_are_marked_disputed(shipped):
    events = timeline_events(shipped, "nato-security")
    disputed = [(e.label, " ".join(e.text.split()[:4])) for e in events if e.disputed]
    assert disputed == [
        ("2020", "Serbia bought six CH-92A"),  # ch92a-acquired-year: 2020
        ("2020", "RKS News dates Serbia’s"),  # 2020 and 2022, against RFE/RL's years
        ("2022", "Serbia acquired the Chinese"),  # fk3-acquired-year: 2022
        ("2024", "At the end of"),  # fk3-missile-targets: cruise missiles
        ("June 2025", "In June 2025 Serbia"),  # platinum-wolf-host
    ]
    assert {e.disputed_label for e in events if e.disputed} == {"disputed"}
    # Facts without a conflicting claim are plain events.
    plain = [e for e in events if not e.disputed]
    assert plain and all(e.disputed_label == "" for e in plain)
    assert any(e.text.startswith("The exercise took place") for e in plain)


def test_the_mark_is_in_the_readers_language_and_script(shipped):
    latin = [e for e in timeline_events(shipped, "rs-domestic") if e.disputed]
    cyrillic = [e for e in timeline_events(shipped, "rs-domestic", "sr-Cyrl") if e.disputed]
    assert {e.disputed_label for e in latin} == {"sporno"}
    assert {e.disputed_label for e in cyrillic} == {"спорно"}
    assert [e.start for e in cyrillic] == [e.start for e in latin]
    assert cyrillic[-1].label == "јун 2025."


def test_events_come_in_reading_order(shipped):
    events = timeline_events(shipped, "nato-security")
    july = [e.label for e in events if e.start.startswith("2025-07")]
    # The month-only July facts follow the July days they may include.
    assert july[:2] == ["14 July 2025", "19–28 July 2025"]
    assert set(july[2:]) == {"July 2025"}
