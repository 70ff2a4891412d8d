"""The page budget: keep as much of the composed brief as fits, measured on the PDF.

Composition offers optional units in priority order; this module finds the
largest number ``keep`` whose finished PDF has at most ``pages`` pages. A
layout is the expensive step (ReportLab with footnotes), so the search makes
as few as it can: the first guess comes from what a page of the shipped
styles typically holds, each later one from the fill the layouts so far
measured (pages used, the last one counted by how full it is): the most
units predicted to fill at most the budget. The answer is proven by two
layouts, ``keep`` fitting and ``keep + 1`` not; the fitting one is the PDF that is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: fitting imports neither render nor a writer
    from .render import Rendered
    from .writers.pdf import Layout

MAX_PASSES = 8  # layouts after the first; the bracket is usually closed in 1-3


@dataclass(frozen=True)
class Trial:
    keep: int
    pages: int
    used: float  # pages used, fractional
    rendered: Rendered
    pdf: Layout


@dataclass(frozen=True)
class Fitted:
    rendered: Rendered  # the brief at the kept size
    pdf: Layout | None  # its PDF layout, when the budget needed one
    budget: int | None
    overflow: bool  # even the "always" part does not fit the budget
    passes: int  # layouts made


def fit(render: Callable, lay_out: Callable, units: list, budget: int | None,
        hint: int | None = None) -> Fitted:
    """``render(keep)`` -> Rendered; ``lay_out(document)`` -> pdf Layout.

    ``hint`` is what fitted last time (the manifest keeps it): after a small
    edit it usually still does, and two layouts confirm it."""
    if budget is None:
        return Fitted(render(None), None, None, False, 0)
    weights = _cumulative(units)
    first = _first_keep(weights, budget) if hint is None else max(0, min(hint, len(units)))
    trial = _trial(render, lay_out, None if first == len(units) else first, first)
    if trial.pages <= budget and trial.keep == len(units):
        return Fitted(trial.rendered, trial.pdf, budget, False, 1)
    return _search(render, lay_out, weights, budget, trial)


# What a page of the shipped styles holds, from layouts of the shipped case and
# the two fixture cases (tests/projects): the "always" part (title block, bottom
# line, key judgements) fills about 1.15 pages, and each unit weight (compose.Unit)
# adds about 0.068 of a page. Only the first guess and the slope before two
# layouts are measured rely on it; the answer is always proven by layouts.
_ALWAYS_WEIGHT = 8.0  # the always part, in unit weights (index 0 of _cumulative)
_ALWAYS_PAGES = 1.15
_PAGES_PER_WEIGHT = 0.068


def _first_keep(weights: list[float], budget: int) -> int:
    """Everything, when it plausibly fits (then one layout may settle it);
    otherwise the typical page's guess: a case of thousands of facts is not
    laid out in full only to be cut to two pages."""
    if _expected_pages(weights[-1]) <= budget + 0.5:
        return len(weights) - 1
    return _keep_at(weights, weights[0] + (budget - _ALWAYS_PAGES)
                    / _PAGES_PER_WEIGHT)


def _expected_pages(weight: float) -> float:
    return _ALWAYS_PAGES + (weight - _ALWAYS_WEIGHT) * _PAGES_PER_WEIGHT


def _keep_at(weights: list[float], size: float) -> int:
    """The most units whose cumulative weight is at most ``size``."""
    return max((k for k, w in enumerate(weights) if w <= size), default=0)


def _trial(render, lay_out, keep: int | None, count: int) -> Trial:
    rendered = render(keep)
    pdf = lay_out(rendered.document)
    return Trial(count, pdf.pages, pdf.pages_used, rendered, pdf)


def _search(render, lay_out, weights: list[float], budget: int, first: Trial) -> Fitted:
    everything = len(weights) - 1
    trials: list[Trial] = [first]
    low = first if first.pages <= budget else None
    high = None if low else first
    while len(trials) <= MAX_PASSES and not _settled(low, high, everything):
        keep = _guess(weights, budget, trials, low, high)
        trial = _trial(render, lay_out, None if keep == everything else keep, keep)
        trials.append(trial)
        if trial.pages <= budget:
            low = trial
        else:
            high = trial
            if keep == 0:
                return Fitted(trial.rendered, trial.pdf, budget, True, len(trials))
    if low is None:  # out of passes without a fitting layout: the smallest one
        last = _trial(render, lay_out, 0, 0)
        return Fitted(last.rendered, last.pdf, budget, last.pages > budget, len(trials) + 1)
    return Fitted(low.rendered, low.pdf, budget, False, len(trials))


def _settled(low: Trial | None, high: Trial | None, everything: int) -> bool:
    if low is None:
        return False
    return low.keep == everything if high is None else high.keep - low.keep <= 1


def _cumulative(units: list) -> list[float]:
    """Size of the brief with the first k units, in unit weights (index k)."""
    total, sizes = _ALWAYS_WEIGHT, [_ALWAYS_WEIGHT]
    for unit in units:
        total += unit.weight
        sizes.append(total)
    return sizes


def _guess(weights: list[float], budget: int, trials: list[Trial], low: Trial | None,
           high: Trial | None) -> int:
    """The next ``keep`` to try, strictly inside the bracket.

    Pages used grow roughly in proportion to the units' weights: step from
    the layout nearest the budget along the slope measured between the two
    layouts nearest it (the typical slope while there is only one) to the
    most units predicted to fill at most the budget. After four tries, halve
    the bracket instead (page breaks make the growth a staircase)."""
    floor = low.keep if low is not None else -1
    ceiling = high.keep if high is not None else len(weights)
    if low is not None and high is not None and len(trials) >= 5:
        return (low.keep + high.keep) // 2
    near = sorted(trials, key=lambda t: abs(t.used - budget))
    slope = _slope(weights, near[0], near[1]) if len(near) > 1 else _mean_slope(weights, near[0])
    size = weights[near[0].keep] + (budget - near[0].used) / slope
    return max(floor + 1, min(_keep_at(weights, size), ceiling - 1))


def _mean_slope(weights: list[float], trial: Trial) -> float:
    """Pages per unit weight from the typical always part to one layout."""
    grown = weights[trial.keep] - weights[0]
    if grown < 4.0:  # too little grown to tell
        return _PAGES_PER_WEIGHT
    return _bounded((trial.used - _ALWAYS_PAGES) / grown)


def _slope(weights: list[float], a: Trial, b: Trial) -> float:
    """Pages per unit weight between two layouts; the typical slope when
    they are too close to tell (or page breaks make it look flat or wild)."""
    dw = weights[b.keep] - weights[a.keep]
    if abs(dw) < 1e-6:
        return _PAGES_PER_WEIGHT
    return _bounded((b.used - a.used) / dw)


def _bounded(slope: float) -> float:
    if slope <= 0:  # the same fill for different sizes: a page break hid the growth
        return _PAGES_PER_WEIGHT
    return min(max(slope, _PAGES_PER_WEIGHT / 20), _PAGES_PER_WEIGHT * 20)
