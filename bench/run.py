#!/usr/bin/env python3
"""Benchmark briefgen against the routes a user without it would take.

    python bench/run.py                      # everything; writes bench/RESULTS.md
    python bench/run.py --runs 3 --sizes x1,x10,c1,c10
    python bench/run.py --quick              # tiny sizes, 1 run (CI); writes a temp file

Every measurement is a fresh process on a fresh copy of a project made by
``tests/synth.py``. The peers (pandoc for DOCX; pandoc → Typst, or
LibreOffice on the DOCX, for PDF) convert, one document at a time, Markdown
that briefgen itself rendered, so they typeset the same text and footnotes.
Nothing here asserts a time: the script measures and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import machine, peers, profiling  # noqa: E402
from bench.budget import BudgetRow  # noqa: E402
from bench.measure import ChildFailed, Sample, run_child  # noqa: E402
from bench.report import Report, Result  # noqa: E402
from bench.startup import startup_checks  # noqa: E402
from bench.targets import targets  # noqa: E402
from bench.watching import Edit, time_edit  # noqa: E402
from tests.synth import SHIPPED, make_project  # noqa: E402

FORMATS = 2  # DOCX and PDF
FACT_EDIT = ("in Hebei province, China.", "in Hebei province, northern China.")
FACT_EDIT_AFFECTS = ("eu-policy.", "nato-security.")  # the outputs that fact reaches
PARALLEL_CASES = 10  # default -j vs -j 1 on this many cases (or the largest size below it)
FULL_SIZES = "x1,x10,x100,c1,c10,c100"
QUICK_SIZES = "x1,x2,c1,c2"


@dataclass(frozen=True)
class Step:
    """One child process of a measurement; steps with the same tag are summed.
    A step that times itself (a long-lived process, e.g. ``watch``) gives ``run``."""

    tag: str
    argv: list[str]
    run: Callable[[], Sample] | None = None


@dataclass(frozen=True)
class Measurement:
    key: str
    label: str
    runs: int
    prepare: Callable[[Path], list[Step]]  # untimed set-up in a fresh folder → what to time
    documents: int = 0
    show_output: bool = False


@dataclass
class Bench:
    args: argparse.Namespace
    scratch: Path
    tools: peers.Tools
    docs: list[peers.PeerDocument]
    audiences: int
    facts: int  # in the shipped case
    has_jobs: bool  # does `briefgen build` take --jobs?
    load_at_start: float = 0.0

    @property
    def documents_per_case(self) -> int:
        return self.audiences * FORMATS


# ---------------------------------------------------------------------------
# What a measurement runs

def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def build_command(root: Path, *extra: str) -> list[str]:
    return briefgen("build", "--project", str(root), *extra)


def fresh_project(folder: Path, cases: int = 1, factor: int = 1) -> Path:
    return make_project(folder / "project", cases=cases, factor=factor)


def edit_fact(root: Path, old: str, new: str) -> None:
    path = root / "inputs" / SHIPPED / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench: {old!r} is no longer in {path}; update FACT_EDIT")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cold_build(key: str, label: str, runs: int, documents: int, cases: int = 1,
               factor: int = 1, extra: tuple[str, ...] = ()) -> Measurement:
    def prepare(folder: Path) -> list[Step]:
        return [Step("briefgen", build_command(fresh_project(folder, cases, factor), *extra))]

    return Measurement(key, label, runs, prepare, documents, show_output=True)


def rebuild(key: str, label: str, runs: int, edit: tuple[str, str] | None) -> Measurement:
    def prepare(folder: Path) -> list[Step]:
        root = fresh_project(folder)
        run_child(build_command(root))  # the first build: untimed
        if edit:
            edit_fact(root, *edit)
        return [Step("briefgen", build_command(root))]

    return Measurement(key, label, runs, prepare, show_output=True)


def watch_edit(key: str, label: str, runs: int, timeout: float) -> Measurement:
    """``briefgen watch`` on a fresh project: FACT_EDIT once it is idle, timed
    until the rewritten outputs are all written (see bench/watching.py)."""
    def prepare(folder: Path) -> list[Step]:
        root = fresh_project(folder)
        edit = Edit(lambda: edit_fact(root, *FACT_EDIT), FACT_EDIT_AFFECTS)
        outputs = root / "out" / SHIPPED
        return [Step("briefgen", [], lambda: time_edit(root, outputs, edit, timeout))]

    return Measurement(key, label, runs, prepare, show_output=True)


def command(key: str, label: str, runs: int, make_argv: Callable[[Path], list[str]],
            show_output: bool = False) -> Measurement:
    return Measurement(key, label, runs, lambda folder: [Step(key, make_argv(folder))],
                       show_output=show_output)


def peer_typst(bench: Bench, runs: int) -> Measurement:
    """pandoc for each DOCX, pandoc → Typst for each PDF; DOCX only without typst."""
    with_typst = bool(bench.tools.typst_version)

    def prepare(folder: Path) -> list[Step]:
        steps = []
        for doc in bench.docs:  # one document at a time, as a user runs them
            steps.append(Step("pandoc DOCX", peers.pandoc_docx(bench.tools, doc, folder)))
            if with_typst:
                to_typst, to_pdf = peers.pandoc_typst_pdf(bench.tools, doc, folder)
                steps += [Step("pandoc → Typst source", to_typst), Step("Typst PDF", to_pdf)]
        return steps

    if not with_typst:
        return Measurement("peer-pandoc", f"pandoc DOCX only ({len(bench.docs)} documents, one "
                           "at a time; the typst package is not installed)", runs, prepare,
                           len(bench.docs))
    return Measurement("peer-typst", "pandoc DOCX + pandoc → Typst PDF (the same "
                       f"{len(bench.docs) * FORMATS} documents, one at a time)", runs, prepare,
                       len(bench.docs) * FORMATS)


def peer_libreoffice(bench: Bench, runs: int, profile: Path) -> Measurement:
    def prepare(folder: Path) -> list[Step]:
        steps = []
        for doc in bench.docs:
            docx = folder / f"{doc.audience}.docx"
            steps.append(Step("pandoc DOCX", peers.pandoc_docx(bench.tools, doc, folder)))
            steps.append(Step("LibreOffice PDF", peers.libreoffice_pdf(bench.tools, profile,
                                                                       docx, folder)))
        return steps

    return Measurement("peer-lo", "pandoc DOCX + LibreOffice PDF (the same "
                       f"{len(bench.docs) * FORMATS} documents, one soffice per document)",
                       runs, prepare, len(bench.docs) * FORMATS)


def runs_for(size: int, runs: int) -> int:
    """All runs for the shipped size, at most 3 up to 10×, one above."""
    return runs if size <= 1 else min(runs, 3) if size <= 10 else 1


def plan(bench: Bench, facts_sizes: list[int], case_sizes: list[int]) -> list[Measurement]:
    runs, per_case = bench.args.runs, bench.documents_per_case
    plan = []
    if bench.has_jobs:
        plan.append(cold_build("cold-1", "cold build, shipped case, one process (`--jobs 1`)",
                               runs, per_case, extra=("--jobs", "1")))
    plan += [
        cold_build("cold", "cold build, shipped case (default `--jobs`: one per core)", runs,
                   per_case),
        rebuild("noop", "no-op rebuild (nothing changed)", runs, None),
        rebuild("one-fact", "one-fact-changed rebuild (EU and NATO audiences affected)", runs,
                FACT_EDIT),
        watch_edit("watch", "`briefgen watch`: one fact edited → EU and NATO files rewritten "
                   "(warm process)", runs, bench.args.timeout),
        command("help", "`briefgen --help`", runs, lambda _: briefgen("--help")),
        command("check", "`briefgen check` (shipped case)", runs,
                lambda folder: briefgen("check", "--project", str(fresh_project(folder))),
                show_output=True),
        command("python", "Python start-up alone (`python -c pass`)", runs,
                lambda _: [sys.executable, "-c", "pass"]),
    ]
    if bench.tools.pandoc:
        plan.append(peer_typst(bench, runs))
    if bench.tools.typst_version:
        plan.append(command("typst-import", "`python -c \"import typst\"` (inside every Typst "
                            "PDF step: the package has no CLI)", runs,
                            lambda _: [sys.executable, "-c", "import typst"]))
    if bench.tools.pandoc and bench.tools.soffice:
        plan.append(peer_libreoffice(bench, runs, bench.scratch / "lo-profile"))
    for factor in (f for f in facts_sizes if f > 1):
        plan.append(cold_build(f"facts-x{factor}", f"cold build, shipped case with {factor}× "
                               "the facts", runs_for(factor, runs), per_case, factor=factor))
    for cases in (c for c in case_sizes if c > 1):
        plan.append(cold_build(f"cases-{cases}", f"cold build, {cases} cases",
                               runs_for(cases, runs), cases * per_case, cases=cases))
    parallel = parallel_cases(case_sizes)
    if parallel and bench.has_jobs:
        plan.append(cold_build(f"serial-cases-{parallel}", f"cold build, {parallel} cases, one "
                               "process (`--jobs 1`)", runs_for(parallel, runs),
                               parallel * per_case, cases=parallel, extra=("--jobs", "1")))
    return plan


def parallel_cases(case_sizes: list[int]) -> int | None:
    """The multi-case size on which default --jobs is compared with --jobs 1."""
    sizes = [c for c in case_sizes if 1 < c <= PARALLEL_CASES]
    return max(sizes, default=None)


# ---------------------------------------------------------------------------
# Running

def measure_all(measurements: list[Measurement], scratch: Path, timeout: float,
                failures: dict[str, str]) -> dict[str, Result]:
    """Round-robin: run 1 of every measurement, then run 2, … so a change in the
    machine's load during the benchmark touches briefgen and its peers alike.
    A measurement whose command fails or times out is dropped into ``failures``."""
    runs: dict[str, list[dict[str, Sample]]] = {m.key: [] for m in measurements}
    for index in range(max(m.runs for m in measurements)):
        for m in (m for m in measurements if index < m.runs and m.label not in failures):
            try:
                runs[m.key].append(run_once(m, scratch / m.key / f"run{index}", timeout))
            except ChildFailed as exc:
                failures[m.label] = str(exc)
                log(f"FAILED: {m.label}: {str(exc).splitlines()[0]}")
            if index:  # keep only the last run's files (read by the checks)
                shutil.rmtree(scratch / m.key / f"run{index - 1}", ignore_errors=True)
        log(f"round {index + 1} done")
    results = {}
    for m in (m for m in measurements if m.label not in failures):
        results[m.key] = Result(m.key, m.label, runs[m.key], m.documents, m.show_output)
        log(f"{m.label}: median {results[m.key].time().median:.3f} s over {m.runs} run(s)")
    return results


def run_once(m: Measurement, folder: Path, timeout: float) -> dict[str, Sample]:
    folder.mkdir(parents=True)
    per_tag: dict[str, Sample] = {}
    for step in m.prepare(folder):
        sample = step.run() if step.run else run_child(step.argv, cwd=folder, timeout=timeout)
        per_tag[step.tag] = per_tag[step.tag] + sample if step.tag in per_tag else sample
    return per_tag


def warm_up(bench: Bench) -> None:
    """One untimed pass of each route: byte-code, page cache, LibreOffice's profile."""
    folder = bench.scratch / "warm-up"
    run_child(build_command(fresh_project(folder)))
    for doc in bench.docs[:1]:
        if bench.tools.pandoc:
            run_child(peers.pandoc_docx(bench.tools, doc, folder))
        if bench.tools.pandoc and bench.tools.typst_version:
            for argv in peers.pandoc_typst_pdf(bench.tools, doc, folder):
                run_child(argv)
        if bench.tools.pandoc and bench.tools.soffice:
            peers.warm_libreoffice(bench.tools, bench.scratch / "lo-profile",
                                   folder / f"{doc.audience}.docx", folder)
    shutil.rmtree(folder)


def run_profiles(bench: Bench, facts_sizes: list[int],
                 failures: dict[str, str]) -> list[profiling.Profile]:
    if not profiling.available():
        log("pyinstrument is not installed: no profile (pip install -e '.[bench]')")
        return []
    jobs = ["--jobs", "1"] if bench.has_jobs else []
    profiles = []
    largest = 1 if bench.args.quick else max(facts_sizes, default=1)
    for factor in sorted({1, largest}):
        root = fresh_project(bench.scratch / f"profile-x{factor}", factor=factor)
        what = "shipped case" if factor == 1 else f"shipped case with {factor}× the facts"
        title = f"Cold build, {what}{', one process (`--jobs 1`)' if jobs else ''}"
        log(f"profiling: {title}")
        try:
            profiles.append(profiling.profile(title, ["build", "--project", str(root), *jobs],
                                              bench.scratch / f"x{factor}.pyisession",
                                              timeout=bench.args.timeout))
        except ChildFailed as exc:
            failures[f"profile: {title}"] = str(exc)
    return profiles


# ---------------------------------------------------------------------------

def method_notes(bench: Bench, results: dict[str, Result]) -> list[str]:
    notes = [
        "Each measurement is a fresh process (`python -m briefgen …`, `pandoc …`, "
        "`soffice …`) on a fresh copy of the project made by `tests/synth.make_project`, so "
        "interpreter start-up and imports count as a user sees them. Cold means an empty "
        "`out/`.",
        "One untimed warm-up pass of every route runs first (byte-code caches, the page cache, "
        "LibreOffice's private profile). Byte-code caches are on for every Python process "
        "measured (the script clears `PYTHONDONTWRITEBYTECODE`), as in an installed briefgen.",
        "The peers convert Markdown written by `briefgen.writers.markdown` from "
        "`briefgen.render.render_audience`, made once and untimed: the same text and footnotes "
        "(checked above). pandoc is the one in `pypandoc-binary`; PDF via `pandoc -t typst` and "
        "then the `typst` PyPI package, which has no command-line tool, so each PDF is "
        "`python -c \"import typst; typst.compile(…)\"` with `--font-path briefgen/fonts` and "
        "the body font set to Noto Serif, briefgen's. LibreOffice converts pandoc's DOCX, one "
        "`soffice --headless --convert-to pdf` per document, with a private, pre-warmed "
        "`-env:UserInstallation` profile.",
        "Memory: \"largest process\" is `ru_maxrss` from `os.wait4` (the child and its reaped "
        "descendants, the largest one). Builds with worker processes are measured as a tree: "
        "/proc is sampled every 50 ms and the summed RSS (an upper bound: shared pages count "
        "once per process) and PSS (shared pages split) are reported; the memory target is "
        "judged on summed RSS. MB = 10⁶ bytes.",
        "\"busy cores\" is user + system CPU time of the whole process tree divided by wall "
        "time; \"other load\" is the CPU time the rest of the machine used meanwhile (from "
        "/proc/stat, including this script's sampling), divided by wall time: how much other "
        "work competed with the measurement. The targets' \"how\" column also gives each "
        "ratio in CPU time (user + system of all the processes), which competing work "
        "disturbs less than wall time; the targets are judged on wall time.",
        f"Runs: `--runs` ({bench.args.runs}) for the shipped case and the peers, at most 3 for "
        "10× sizes, 1 for larger sizes. Growth of facts repeats the shipped facts under new ids "
        f"({bench.facts} facts per 1×); growth of cases copies the shipped case.",
        "`watch`: `briefgen watch` starts on a fresh project and makes its first build; once "
        "it is idle (its CPU time stops growing) one fact's text is edited, and the time runs "
        "from that write until the watch prints its summary (every affected output rewritten, "
        "the manifest written). File modification times must show exactly the EU and NATO "
        "outputs rewritten and the rest untouched, or the measurement fails. The time includes "
        "the file watcher noticing the change (watchfiles, its default debounce).",
        "Page budget: measured in one warm process with the library API (`bench/budget.py`), "
        "so imports and start-up, the same with or without a budget, are outside the ratio.",
        f"Parallel ÷ serial: default `--jobs` (one worker per core) and `--jobs 1`, cold, on "
        f"the shipped case and on {PARALLEL_CASES} cases (the largest multi-case size up to "
        "that on a run with smaller sizes).",
        "Benchmarks are not tests: nothing here asserts a time. `tests/test_bench.py` runs "
        "`--quick` once to prove the script works.",
    ]
    if "typst-import" in results:
        typst_import = results["typst-import"].time().median
        notes.append(f"The Typst PDF step includes Python start-up and `import typst` "
                     f"({typst_import:.3f} s per document on this run): that is the cost of the "
                     "route the issue names (the `typst` package).")
    return notes


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_sizes(text: str) -> tuple[list[int], list[int]]:
    facts, cases = {1}, {1}
    for token in filter(None, (t.strip() for t in text.split(","))):
        kind, number = token[0], token[1:]
        if kind not in "xc" or not number.isdigit() or int(number) < 1:
            raise argparse.ArgumentTypeError(f"bad size {token!r}: use xN (facts ×N) or cN "
                                             "(N cases), e.g. x10,c100")
        (facts if kind == "x" else cases).add(int(number))
    return sorted(facts), sorted(cases)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per measurement for the shipped case (default 5; "
                             "--quick: 1); larger sizes run fewer times")
    parser.add_argument("--quick", action="store_true",
                        help=f"tiny sizes ({QUICK_SIZES}), one run: proves the script works")
    parser.add_argument("--sizes", default=None,
                        help=f"synthetic sizes: xN = facts ×N, cN = N cases (default "
                             f"{FULL_SIZES}; --quick: {QUICK_SIZES}); x1 and c1 are the "
                             "shipped case and always run")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the results (default bench/RESULTS.md; "
                             "--quick: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--timeout", type=float, default=900, metavar="SECONDS",
                        help="give up on a command after this long (default 900): the "
                             "measurement is reported as failed and the rest goes on")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="first wait up to SECONDS for other work on the machine to "
                             "drop below a quarter of a core")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.sizes = parse_sizes(args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES))
    if args.output is None:
        args.output = (Path(tempfile.mkdtemp(prefix="briefgen-bench-")) / "RESULTS.md"
                       if args.quick else REPO / "bench" / "RESULTS.md")
    return args


def shipped_facts() -> int:
    import yaml

    path = REPO / "inputs" / SHIPPED / "facts.yaml"
    return len(yaml.safe_load(path.read_text(encoding="utf-8")))


def supports_jobs() -> bool:
    done = subprocess.run(briefgen("build", "--help"), capture_output=True, text=True,
                          timeout=120)
    return "--jobs" in done.stdout


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Byte-code caches as a user's install has them: an environment that turns
    # them off (PYTHONDONTWRITEBYTECODE) would make every measured Python
    # process compile briefgen from source, and the warm-up could not help.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the scratch folder
    facts_sizes, case_sizes = args.sizes
    scratch = Path(tempfile.mkdtemp(prefix="briefgen-bench-scratch-"))
    try:
        tools = peers.find_tools()
        source = fresh_project(scratch / "peer-source")
        docs = peers.write_markdown(source, SHIPPED, scratch / "peer-markdown")
        bench = Bench(args, scratch, tools, docs, len(docs), shipped_facts(), supports_jobs(),
                      machine.load())
        log(f"scratch {scratch}; sizes: facts ×{facts_sizes}, cases {case_sizes}")
        if args.wait_quiet:
            busy = machine.wait_until_quiet(args.wait_quiet)
            log(f"other work keeps {busy:.2f} cores busy; starting")
        warm_up(bench)
        failures: dict[str, str] = {}
        results = measure_all(plan(bench, facts_sizes, case_sizes), scratch, args.timeout,
                              failures)
        report = assemble(bench, results, facts_sizes, case_sizes, failures)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    text = report.markdown()
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"wrote {args.output}")
    return 1 if report.failures else 0


def assemble(bench: Bench, results: dict[str, Result], facts_sizes, case_sizes,
             failures: dict[str, str]) -> Report:
    def growth(sizes: list[int], prefix: str) -> list[tuple[int, Result]]:
        keys = [(n, "cold" if n == 1 else f"{prefix}{n}") for n in sizes]
        return [(n, results[key]) for n, key in keys if key in results]

    facts_growth, cases_growth = growth(facts_sizes, "facts-x"), growth(case_sizes, "cases-")
    equivalence = check_equivalence(bench, results)
    startup, startup_check = startup_checks(fresh_project(bench.scratch / "probe"))
    budget = run_budget(bench, failures)
    checks = targets(results, facts_growth, cases_growth, bench.facts, len(bench.docs),
                     budget, parallel_cases(case_sizes))
    checks.append(startup_check)
    shown = [r for k, r in results.items() if not k.startswith(("facts-", "cases-"))]
    command_line = "python bench/run.py " + " ".join(sys.argv[1:])
    about = machine.describe(bench.tools.describe(), bench.load_at_start)
    profiles = run_profiles(bench, facts_sizes, failures)
    return Report(command_line.strip(), about, checks, shown,
                  [(f * bench.facts, r) for f, r in facts_growth], cases_growth,
                  machine.usable_cores(), equivalence, startup, profiles,
                  method_notes(bench, results), failures, budget)


def run_budget(bench: Bench, failures: dict[str, str]) -> list[BudgetRow]:
    """The page budget's cost, measured in one warm process (bench/budget.py)."""
    root = fresh_project(bench.scratch / "budget")
    argv = [sys.executable, str(REPO / "bench" / "budget.py"), str(root), SHIPPED,
            str(bench.args.runs)]
    log("measuring the page budget in-process")
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=bench.args.timeout,
                              check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        failures["page budget (bench/budget.py)"] = f"{exc}\n{getattr(exc, 'stderr', '')}"
        return []
    return [BudgetRow(**row) for row in json.loads(done.stdout)]


def check_equivalence(bench: Bench, results: dict[str, Result]) -> list[str]:
    """Note counts of the last runs' files; raises AssertionError on a mismatch."""
    last = lambda key: bench.scratch / key / f"run{len(results[key].runs) - 1}"  # noqa: E731
    key = next((k for k in ("peer-typst", "peer-pandoc") if k in results), None)
    peer = last(key) if key else None
    built = last("cold") / "project" / "out" / SHIPPED if "cold" in results else None
    if not bench.tools.pandoc:
        return ["pandoc is not installed: nothing checked"]
    return peers.verify(bench.tools, bench.docs, peer, peer, built)


if __name__ == "__main__":
    sys.exit(main())
