"""Start-up: which modules `briefgen --help` and `briefgen check` import."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from .report import Check

WRITER_MODULES = ("reportlab", "docx", "briefgen.writers.docx", "briefgen.writers.pdf")


def startup_probe(tail: list[str]) -> tuple[str, list[str]]:
    """Which writer modules a command imports, from ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", *tail],
                          capture_output=True, text=True, timeout=600)
    rows = [line.split("|") for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2]
    rows = [r for r in rows if r[0].split(":")[1].strip().isdigit()]  # skip the heading
    modules = [r[2].strip() for r in rows]
    microseconds = sum(int(r[0].split(":")[1]) for r in rows)
    loaded = sorted({writer for m in modules for writer in WRITER_MODULES
                     if m == writer or m.startswith(writer + ".")})
    shown = " ".join("DIR" if t.startswith("/") else shlex.quote(t) for t in tail)
    line = (f"`briefgen {shown}` (exit {done.returncode}): {len(set(modules))} modules, "
            f"{microseconds / 1000:.0f} ms of imports (all its processes); writer modules: "
            f"{', '.join(loaded) or 'none'}")
    return line, loaded


def startup_checks(root: Path) -> tuple[list[str], Check]:
    """``--help`` and ``check`` on the project at ``root`` must load no writer;
    ``build`` is probed too, to show the probe sees writers when they load."""
    lines, offenders = [], []
    for tail in (["--help"], ["check", "--project", str(root)]):
        line, loaded = startup_probe(tail)
        lines.append(line)
        offenders += loaded
    build_line, build_loaded = startup_probe(["build", "--project", str(root)])
    lines.append(build_line + " (for contrast: the probe sees writers when they load)")
    check = Check("`--help` and `check` import no writer (reportlab, python-docx)",
                  ", ".join(sorted(set(offenders))) or "none imported", "none",
                  not offenders and bool(build_loaded), "`python -X importtime`")
    return lines, check
