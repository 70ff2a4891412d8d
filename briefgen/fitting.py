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


def fit(render: Callable, lay_out: Callable, units: list, budget: int | None) -> Fitted:
    """``render(keep)`` -> Rendered; ``lay_out(document)`` -> pdf Layout."""
    full = _trial(render, lay_out, None, len(units)) if budget is not None else None
    if full is None:
        return Fitted(render(None), None, None, False, 0)
    if full.pages <= budget:
        return Fitted(full.rendered, full.pdf, budget, False, 1)
    return _search(render, lay_out, units, budget, full)


def _trial(render, lay_out, keep: int | None, count: int) -> Trial:
    rendered = render(keep)
    pdf = lay_out(rendered.document)
    return Trial(count if keep is None else keep, pdf.pages, pdf.pages_used, rendered, pdf)


def _search(render, lay_out, units: list, budget: int, high: Trial) -> Fitted:
    weights = _cumulative(units)
    low: Trial | None = None
    passes = 1
    while passes <= MAX_PASSES and (low is None or high.keep - low.keep > 1):
        keep = _guess(weights, budget, low, high, passes)
        trial = _trial(render, lay_out, keep, keep)
        passes += 1
        if trial.pages <= budget:
            low = trial
        else:
            high = trial
            if keep == 0:
                return Fitted(trial.rendered, trial.pdf, budget, True, passes)
    if low is None:  # out of passes without a fitting layout: the smallest one
        last = _trial(render, lay_out, 0, 0)
        return Fitted(last.rendered, last.pdf, budget, last.pages > budget, passes + 1)
    return Fitted(low.rendered, low.pdf, budget, False, passes)


def _cumulative(units: list) -> list[float]:
    """Size of the brief with the first k units, in unit weights (index k)."""
    total, sizes = _ALWAYS_WEIGHT, [_ALWAYS_WEIGHT]
    for unit in units:
        total += unit.weight
        sizes.append(total)
    return sizes


_ALWAYS_WEIGHT = 8.0  # title block, bottom line and key judgements, in fact-sized units


def _guess(weights: list[float], budget: int, low: Trial | None, high: Trial,
           passes: int) -> int:
    """The next ``keep`` to try: a little under the budget, by interpolation;
    by halving once interpolation has had three tries (page breaks are steps)."""
    if low is not None and passes >= 4:
        return (low.keep + high.keep) // 2
    target = budget - 0.05
    if low is None:  # one point only: assume size is proportional to weight
        size = weights[high.keep] * target / max(high.used, 0.01)
        keep = max(k for k, w in enumerate(weights) if w <= size or k == 0)
        return min(keep, high.keep - 1)
    w_low, w_high = weights[low.keep], weights[high.keep]
    share = (target - low.used) / max(high.used - low.used, 0.01)
    size = w_low + share * (w_high - w_low)
    keep = max(k for k, w in enumerate(weights) if w <= size or k == 0)
    return max(low.keep + 1, min(keep, high.keep - 1))
