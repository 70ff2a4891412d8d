"""The page budget search, on a stand-in layout: few passes, the largest fit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from briefgen.compose import Unit
from briefgen.fitting import MAX_PASSES, fit


@dataclass
class Laid:
    pages: int
    pages_used: float
    data: bytes = b"%PDF"


@dataclass
class Rendered:
    keep: int | None
    document: object = None


class Brief:
    """A brief whose length grows by ``per_unit`` pages a unit after ``always`` pages."""

    def __init__(self, units: int, always: float, per_unit: float):
        self.units = [Unit("fact", f"f{i}") for i in range(units)]
        self.always, self.per_unit = always, per_unit
        self.layouts = 0

    def render(self, keep):
        return Rendered(len(self.units) if keep is None else keep)

    def lay_out(self, document):
        raise AssertionError("lay_out gets the rendered document")

    def measure(self, rendered: Rendered) -> Laid:
        self.layouts += 1
        used = self.always + rendered.keep * self.per_unit
        return Laid(int(used) + (0 if used.is_integer() else 1), used)


def fitted(brief: Brief, budget):
    def render(keep):
        rendered = brief.render(keep)
        rendered.document = rendered
        return rendered

    return fit(render, lambda document: brief.measure(document), brief.units, budget)


@pytest.mark.parametrize("units, always, per_unit, budget", [
    (80, 1.3, 0.08, 2), (80, 1.3, 0.08, 4), (200, 0.6, 0.05, 3), (40, 1.9, 0.3, 2),
    (500, 1.0, 0.011, 4),
])
def test_the_largest_brief_that_fits_in_a_few_layouts(units, always, per_unit, budget):
    brief = Brief(units, always, per_unit)
    result = fitted(brief, budget)
    kept = result.rendered.keep
    assert brief.measure(result.rendered).pages <= budget
    assert kept == units or brief.measure(Rendered(kept + 1)).pages > budget
    assert not result.overflow
    assert brief.layouts - 2 <= 2 + MAX_PASSES  # the two extra measures above
    assert result.passes <= 6, result.passes  # a few layouts, not one per unit


def test_a_brief_within_budget_is_laid_out_once():
    brief = Brief(10, 1.2, 0.07)  # a typical page's fill: everything plausibly fits
    result = fitted(brief, 2)
    assert (result.rendered.keep, result.passes, result.overflow) == (10, 1, False)


def test_a_brief_much_shorter_than_a_typical_page_is_found_in_two_layouts():
    brief = Brief(30, 0.5, 0.01)  # looks like 3 pages by its weights; fills 0.8 of one
    result = fitted(brief, 2)
    assert (result.rendered.keep, result.passes, result.overflow) == (30, 2, False)


@pytest.mark.parametrize("units, always, per_unit, budget", [
    (66, 1.24, 0.075, 2), (74, 1.33, 0.075, 4), (76, 1.24, 0.068, 3), (25, 1.0, 0.06, 2),
])
def test_a_long_brief_is_never_laid_out_far_over_its_budget(units, always, per_unit, budget):
    brief = Brief(units, always, per_unit)  # fills like the shipped case: 10 pages in full
    pages = []
    original = brief.measure

    def measure(rendered):
        laid = original(rendered)
        pages.append(laid.pages)
        return laid

    brief.measure = measure
    result = fitted(brief, budget)
    assert max(pages) <= budget + 1, pages  # no trial of the whole 10-page brief
    assert result.passes <= 4, result.passes


def test_when_even_the_always_part_is_over_budget_it_is_built_and_flagged():
    brief = Brief(30, 2.4, 0.05)
    result = fitted(brief, 2)
    assert result.rendered.keep == 0 and result.overflow
    assert result.pdf.pages == 3


def test_no_budget_means_no_layout():
    brief = Brief(10, 5.0, 1.0)
    result = fitted(brief, None)
    assert brief.layouts == 0 and result.rendered.keep == 10 and result.pdf is None


def test_a_huge_case_is_never_laid_out_in_full():
    brief = Brief(5000, 1.0, 0.011)
    largest = []
    original = brief.measure
    brief.measure = lambda rendered: (largest.append(rendered.keep), original(rendered))[1]
    result = fitted(brief, 2)
    assert max(largest) < 200  # not the 5,000-unit document
    assert brief.measure(result.rendered).pages <= 2
    assert brief.measure(Rendered(result.rendered.keep + 1)).pages > 2
    assert result.passes <= 6


def test_what_fitted_last_time_is_confirmed_in_two_layouts():
    brief = Brief(80, 1.3, 0.08)
    first = fitted(brief, 2)
    again = Brief(80, 1.3, 0.08)
    result = fit(lambda keep: _document(again, keep), again.measure, again.units, 2,
                 hint=first.rendered.keep)
    assert result.rendered.keep == first.rendered.keep
    assert result.passes == 2


def _document(brief: Brief, keep):
    rendered = brief.render(keep)
    rendered.document = rendered
    return rendered
