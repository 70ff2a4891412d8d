"""What the benchmark ran on, for the header of RESULTS.md."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def describe(tools: dict[str, str], load_at_start: float) -> dict[str, str]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "CPU": _cpu_model(),
        "cores": _cores(),
        "memory": _memory(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        **tools,
        "briefgen": f"{_briefgen_version()}, commit {_git_commit()}",
        "load average (1 min)": f"{load_at_start:.2f} at start, {load():.2f} at end "
                                "(other work on the machine adds noise)",
    }


def wait_until_quiet(limit: float, most: float = 0.25, window: float = 5.0) -> float:
    """Wait up to ``limit`` seconds for the machine's CPU use to drop below
    ``most`` cores over ``window`` seconds; return the last reading."""
    from .measure import machine_cpu_seconds

    deadline = time.monotonic() + limit
    while True:
        before = machine_cpu_seconds()
        time.sleep(window)
        busy = (machine_cpu_seconds() - before) / window
        if busy < most or time.monotonic() >= deadline:
            return busy


def load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _cores() -> str:
    return f"{os.cpu_count()} (usable by this process: {usable_cores()})"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _briefgen_version() -> str:
    try:
        return importlib.metadata.version("briefgen")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _git_commit() -> str:
    """Read-only: the HEAD commit, marked if the work tree has changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              timeout=30)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", "briefgen")
    return commit + (" + uncommitted changes to briefgen/" if changed else "")
