"""The page budget: keep as much of the composed brief as fits, measured on the PDF.

Composition offers optional units in priority order; this module finds the
largest number ``keep`` whose finished PDF has at most ``pages`` pages. It
lays the brief out in full once; if that is too long it guesses from the
measured fill (pages used, the last one counted by how full it is) and then
narrows the bracket by interpolation — a few layouts, not one per fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

MAX_PASSES = 8  # layouts after the first; the bracket is usually closed in 2-4


@dataclass(frozen=True)
class Trial:
    keep: int
    pages: int
    used: float  # pages used, fractional
    rendered: object  # render.Rendered
    pdf: object  # writers.pdf.Layout


@dataclass(frozen=True)
class Fitted:
    rendered: object  # render.Rendered: the brief at the kept size
    pdf: object | None  # its PDF layout, when the budget needed one
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


def _first_keep(weights: list[float], budget: int) -> int:
    """Everything, unless the brief is clearly far over budget: a case of
    thousands of facts is not laid out in full only to be cut to two pages."""
    cap = _MOST_WEIGHT_PER_PAGE * budget
    return max(k for k, w in enumerate(weights) if w <= cap or k == 0)


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


_ALWAYS_WEIGHT = 8.0  # title block, bottom line and key judgements, in fact-sized units
_MOST_WEIGHT_PER_PAGE = 60.0  # far more than a page holds (about 10-15 facts with notes)


def _guess(weights: list[float], budget: int, trials: list[Trial], low: Trial | None,
           high: Trial | None) -> int:
    """The next ``keep`` to try, strictly inside the bracket.

    Pages used grow roughly in proportion to the units' weights: with one
    layout, assume the line through the origin; with more, the line through
    the last two (a secant). Aim a little under the budget until a layout
    fits, then just under the page boundary. After four tries, halve the
    bracket instead (page breaks make the growth a staircase)."""
    floor = low.keep if low is not None else -1
    ceiling = high.keep if high is not None else len(weights)
    if low is not None and high is not None and len(trials) >= 5:
        return (low.keep + high.keep) // 2
    target = budget - (0.05 if low is None else 0.005)
    a, b = (trials[-2], trials[-1]) if len(trials) >= 2 else (None, trials[-1])
    size = _size_at(weights, a, b, target)
    keep = max((k for k, w in enumerate(weights) if w <= size), default=0)
    return max(floor + 1, min(keep, ceiling - 1))


def _size_at(weights: list[float], a: Trial | None, b: Trial, target: float) -> float:
    """The weight at which the layout would use ``target`` pages."""
    w_b = weights[b.keep]
    if a is None or abs(b.used - a.used) < 1e-6:
        return w_b * target / max(b.used, 0.01)
    w_a = weights[a.keep]
    return w_a + (target - a.used) * (w_b - w_a) / (b.used - a.used)
