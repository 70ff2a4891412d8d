"""The issue's targets, judged on ratios of medians from one run."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from . import machine
from .budget import BudgetRow
from .report import Check, Result, growth_exponent


def targets(results: dict[str, Result], facts_growth: list[tuple[int, Result]],
            cases_growth: list[tuple[int, Result]], facts: int, peer_docx: int,
            budget: list[BudgetRow] = (), parallel: int | None = None) -> list[Check]:
    """The issue's targets, each a ratio of medians from this run.

    ``facts``: facts in the shipped case (1×); ``peer_docx``: DOCX files pandoc
    made per peer run (its per-document time is pandoc DOCX time ÷ that);
    ``budget``: the in-process page-budget rows; ``parallel``: the number of
    cases built with both the default ``--jobs`` and ``--jobs 1``."""
    cold, cold_one = results.get("cold"), results.get("cold-1")
    typst, lo = results.get("peer-typst"), results.get("peer-lo")
    checks = [
        ratio_check("cold build (default `--jobs`) ÷ pandoc + Typst, same documents",
                    cold, typst, "≤ 0.7× (aim 0.5×)", lambda r: r <= 0.7),
        ratio_check("cold build, one process (`--jobs 1`) ÷ pandoc + Typst (for reference)",
                    cold_one, typst, "—", None),
        ratio_check("parallel ÷ serial: default `--jobs` ÷ `--jobs 1`, shipped case", cold,
                    cold_one, "≤ 1.0×", lambda r: r <= 1.0),
        ratio_check(f"parallel ÷ serial: default `--jobs` ÷ `--jobs 1`, {parallel} cases",
                    results.get(f"cases-{parallel}"), results.get(f"serial-cases-{parallel}"),
                    "< 1.0×", lambda r: r < 1.0),
        budget_check(budget),
        ratio_check("`watch`: one-fact edit → affected files rewritten ÷ cold build",
                    results.get("watch"), cold, "≤ 0.25×", lambda r: r <= 0.25),
        ratio_check("no-op rebuild ÷ cold build", results.get("noop"), cold, "≤ 0.1×",
                    lambda r: r <= 0.1),
        ratio_check("one-fact-changed rebuild ÷ cold build (a fresh process; for reference)",
                    results.get("one-fact"), cold, "—", None),
    ]
    pandoc = typst or results.get("peer-pandoc")
    checks += scale_checks(cases_growth[-1] if cases_growth else None, pandoc, peer_docx)
    checks.append(ratio_check("LibreOffice route ÷ cold build (default `--jobs`): times "
                              "slower (no target)", lo, cold, "—", None))
    pairs = pairwise(facts_growth)
    checks += [growth_check(a, b, facts) for a, b in pairs]
    return checks


def budget_check(rows: list[BudgetRow]) -> Check:
    """Fitting every brief of the shipped case ÷ laying each kept brief out
    once, each with its PDF written."""
    name = "page budget: composing to the budget ÷ laying the brief out once"
    if not rows:
        return Check(name, "—", "≤ 1.3×", None, "the in-process measurement failed")
    fit, once = sum(r.fit for r in rows), sum(r.once for r in rows)
    written, once_written = sum(r.written for r in rows), sum(r.once_written for r in rows)
    value = (fit + written) / (once + once_written)
    layouts = sum(r.layouts for r in rows)
    rebuild = sum(r.rebuild_fit for r in rows)
    return Check(name, f"{value:.2f}×", "≤ 1.3×", value <= 1.3,
                 f"({fit:.3f} + {written:.3f} s) / ({once:.3f} + {once_written:.3f} s): "
                 f"renders and layouts, plus writing the kept PDF, summed over the "
                 f"{len(rows)} briefs (medians, in-process); {layouts} layouts for "
                 f"{len(rows)} briefs. Renders and layouts alone: {fit / once:.2f}×; a "
                 f"rebuild that starts from last time's keep: {rebuild / once:.2f}×")


def ratio_check(name: str, top: Result | None, bottom: Result | None, limit: str,
                rule: Callable[[float], bool] | None) -> Check:
    if top is None or bottom is None:
        return Check(name, "—", limit, None, "a peer is not installed or a measurement failed")
    value = top.time().median / bottom.time().median
    cpu_top, cpu_bottom = top.cpu().median, bottom.cpu().median
    basis = (f"{top.time().median:.3f} s / {bottom.time().median:.3f} s (medians); in CPU "
             f"time {cpu_top:.3f} s / {cpu_bottom:.3f} s = {cpu_top / cpu_bottom:.2f}×")
    return Check(name, f"{value:.2f}×", limit, rule(value) if rule else None, basis)


def scale_checks(largest: tuple[int, Result] | None, pandoc: Result | None,
                 peer_docx: int) -> list[Check]:
    """Per-document time, cores and memory of the build with the most cases."""
    if largest is None:
        missing = (("per-document time ÷ pandoc's per-document time", "≤ 0.33×"),
                   ("the build uses all cores", "≥ 75% of the cores"),
                   ("peak memory of the build", "< 300 MB"))
        return [Check(f"cases: {what}", "—", limit, None, "no multi-case build finished")
                for what, limit in missing]
    cases, biggest = largest
    name = f"{cases} case{'s' if cases > 1 else ''}"
    checks = [per_document_check(name, biggest, pandoc, peer_docx)]
    cores = machine.usable_cores()
    busy = biggest.busy_cores
    checks.append(Check(f"{name}: the build uses all cores", f"{busy:.2f} of {cores} busy",
                        f"≥ {0.75 * cores:.2f} (75% of {cores})", busy >= 0.75 * cores,
                        f"CPU time of the build's processes ÷ wall time; meanwhile other work "
                        f"kept {biggest.other_load:.2f} cores busy"))
    checks.append(Check(f"{name}: peak memory of the build", f"{biggest.tree_rss:.0f} MB",
                        "< 300 MB", biggest.tree_rss < 300,
                        f"summed RSS of the process tree; PSS {biggest.tree_pss:.0f} MB, "
                        f"largest single process {biggest.largest_process:.0f} MB"))
    return checks


def per_document_check(name: str, build: Result, pandoc: Result | None,
                       peer_docx: int) -> Check:
    label = f"{name}: per-document time ÷ pandoc's per-document time"
    if pandoc is None:
        return Check(label, "—", "≤ 0.33×", None, "pandoc is not installed")
    theirs = pandoc.per_document(("pandoc DOCX",), peer_docx).median
    mine = build.per_document().median
    basis = f"{mine:.4f} s / {theirs:.4f} s (pandoc md → DOCX)"
    if len(pandoc.tags) > 1:
        route = pandoc.per_document().median
        basis += f"; vs pandoc + Typst per document ({route:.4f} s): {mine / route:.2f}×"
    return Check(label, f"{mine / theirs:.2f}×", "≤ 0.33×", mine / theirs <= 1 / 3, basis)


def growth_check(small: tuple[int, Result], large: tuple[int, Result], facts: int) -> Check:
    (f1, r1), (f2, r2) = small, large
    t1, t2 = r1.time().median, r2.time().median
    exponent = growth_exponent(f1, t1, f2, t2)
    return Check(f"growth, {f1 * facts} → {f2 * facts} facts ({f1}× → {f2}×): time exponent",
                 f"{exponent:.2f}", "≤ 1 (doubling facts at most doubles time)",
                 exponent <= 1, f"{t1:.3f} s → {t2:.3f} s: ×{t2 / t1:.1f} for ×{f2 // f1} "
                 f"facts; peak RSS {r1.tree_rss:.0f} → {r2.tree_rss:.0f} MB")
