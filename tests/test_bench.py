"""`python bench/run.py` works: one quick run (tiny sizes, one run each).

A benchmark is not a timed test: nothing here asserts a time, only that the
script runs to the end and writes its tables and the ratio rows.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

HEADINGS = (
    "# briefgen benchmark results",
    "## Targets (ratios from this run)",
    "| target | measured | limit (aim) | status | how |",
    "## Measurements",
    "| measurement | runs | median s | min s | max s |",
    "## Page budget (in one warm process)",
    "## Growth",
    "## Equivalence (checked, not timed)",
    "## Start-up: `--help` and `check` load no writer",
    "## Where the time goes",
    "## Method",
)

RATIO_ROWS = (
    "÷ pandoc + Typst, same documents",
    "parallel ÷ serial: default `--jobs` ÷ `--jobs 1`, shipped case",
    "parallel ÷ serial: default `--jobs` ÷ `--jobs 1`, 2 cases",
    "page budget: composing to the budget ÷ laying the brief out once",
    "`watch`: one-fact edit → affected files rewritten ÷ cold build",
    "LibreOffice route ÷ cold build",
    "no-op rebuild ÷ cold build",
    "one-fact-changed rebuild ÷ cold build",
    "per-document time ÷ pandoc's per-document time",
    "the build uses all cores",
    "peak memory of the build",
    "time exponent",
)


def test_quick_benchmark_writes_its_tables_and_ratios(tmp_path):
    results = REPO / "bench" / "RESULTS.md"
    before = results.stat().st_mtime_ns if results.exists() else None
    output = tmp_path / "quick.md"

    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick",
                           "--output", str(output)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr[-4000:]
    text = output.read_text(encoding="utf-8")
    assert text in done.stdout  # the same tables are printed
    for heading in HEADINGS:
        assert heading in text, heading
    for row in RATIO_ROWS:
        assert any(row in line and line.startswith("| ") for line in text.splitlines()), row
    after = results.stat().st_mtime_ns if results.exists() else None
    assert after == before, "--quick must not overwrite bench/RESULTS.md"
