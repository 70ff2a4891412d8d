"""What the page budget costs: fitting a brief vs laying the kept brief out once.

Measured in one warm process with briefgen's library API, so imports and
process start-up (the same for both) do not dilute the ratio:

- *fit*: ``build.fitted_brief`` from scratch, as a cold build runs it (a
  further locale capped at what its main locale kept, as the build does);
- *once*: one render and one PDF layout of the same brief at the size the
  fit kept: the cost the brief would have without a budget to meet;
- *rebuild fit*: ``fitted_brief`` given last time's keep, as a rebuild is;
- *written*: the PDF's bytes from the fitted layout (drawing the pages,
  subsetting and embedding the fonts), and *once written* the same from the
  once layout: a layout draws nothing until its PDF is asked for, so both
  arms pay it once, and the target's ratio is of the PDF written.

Run as ``python bench/budget.py PROJECT CASE RUNS``: prints one JSON row per brief.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BudgetRow:
    brief: str  # audience, or audience.locale
    budget: int | None
    units: int  # optional units composition offered
    kept: int
    layouts: int  # layouts the fit made
    fit: float  # median seconds
    once: float
    rebuild_fit: float
    rebuild_layouts: int
    written: float  # median seconds: the fitted layout's PDF bytes
    once_written: float  # the once layout's PDF bytes

    @property
    def ratio(self) -> float:
        """Composing to the budget ÷ laying out once, each PDF written."""
        return (self.fit + self.written) / (self.once + self.once_written)

    @property
    def layouts_ratio(self) -> float:
        """The same, before any PDF is written (layouts and renders only)."""
        return self.fit / self.once


def measure(root: Path, case_id: str, runs: int) -> list[BudgetRow]:
    from briefgen.build import load_checked_case
    from briefgen.project import find_project

    project = find_project(root)
    case = load_checked_case(project, case_id)
    briefs = list(case.readers())
    kept: dict[str, int | None] = {}
    for audience in briefs:  # untimed: imports, fonts, caches; and each main's keep
        fitted = _fit(project, case, audience, kept)
        kept.setdefault(audience.id, _kept(fitted))
    return [_row(project, case, audience, kept, runs) for audience in briefs]


def _row(project, case, audience, kept: dict, runs: int) -> BudgetRow:
    fits, onces, rebuilds, written, once_written = [], [], [], [], []
    for _ in range(runs):  # interleaved, so a change in the machine's load touches them all
        fitted, seconds = _timed(lambda: _fit(project, case, audience, kept))
        fits.append(seconds)
        written.append(_timed(partial(_pdf_bytes, fitted.pdf))[1])
        keep = _kept(fitted)
        once, seconds = _timed(partial(_once, project, case, audience, fitted, keep))
        onces.append(seconds)
        once_written.append(_timed(partial(_pdf_bytes, once))[1])
        again, seconds = _timed(partial(_fit, project, case, audience, kept, hint=keep))
        rebuilds.append(seconds)
    name = audience.id + (f".{audience.variant}" if audience.variant else "")
    median = statistics.median
    return BudgetRow(name, audience.spec.pages, fitted.rendered.units, keep, fitted.passes,
                     median(fits), median(onces), median(rebuilds), again.passes,
                     median(written), median(once_written))


def _fit(project, case, audience, kept: dict, hint: int | None = None):
    from briefgen.build import fitted_brief, writer_options

    options = writer_options(project, audience, case)
    cap = kept.get(audience.id) if audience.variant else None
    return fitted_brief(project, case, audience, options, hint=hint, cap=cap)


def _once(project, case, audience, fitted, keep: int):
    """One render and one layout of the brief the fit kept."""
    from briefgen.build import writer_options
    from briefgen.render import AudienceRenderer
    from briefgen.writers.pdf import layout

    options = writer_options(project, audience, case)
    renderer = AudienceRenderer(project, case, audience)
    everything = keep == fitted.rendered.units
    return layout(renderer.render(None if everything else keep).document, options)


def _pdf_bytes(layout) -> bytes:
    return layout.data


def _kept(fitted) -> int:
    return fitted.rendered.units - len(fitted.rendered.outline.left_out)


def _timed(work):
    """Seconds of ``work``, which starts with nothing left by the last arm:
    the layouts of one brief share broken lines (writers.registry), and a
    cold build's first fit of a brief has none."""
    from briefgen.writers.registry import budget_layouts_of

    budget_layouts_of(object())
    start = time.perf_counter()
    value = work()
    return value, time.perf_counter() - start


def main(argv: list[str]) -> int:
    root, case_id, runs = Path(argv[0]), argv[1], int(argv[2])
    rows = measure(root, case_id, runs)
    print(json.dumps([asdict(r) for r in rows]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main(sys.argv[1:]))
