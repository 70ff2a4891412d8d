"""Edit → new files under ``briefgen watch``: how long a warm process takes.

``briefgen watch`` starts on a project and makes its first build; once it is
idle (its CPU time stops growing), one fact's text is edited and the clock
runs until the watch prints its summary after rebuilding: by then every
affected output has been rewritten and the manifest written. The outputs'
modification times are compared before and after: the affected audiences'
files must have been rewritten and every other output left untouched,
otherwise the measurement fails.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .measure import MB, ChildFailed, Sample, TreeSampler, cpu_of, machine_cpu_seconds, tree

SUMMARY = re.compile(r"^(built \d+ files?, \d+ up to date|up to date \(\d+ files?\))$")
READY = "watching "


@dataclass(frozen=True)
class Edit:
    """One edit and the outputs it must rewrite (file names starting with these)."""

    apply: Callable[[], None]
    affected: tuple[str, ...]


def time_edit(root: Path, outputs: Path, edit: Edit, timeout: float) -> Sample:
    """Start a watch on ``root``, make ``edit`` once it is idle, time the rebuild."""
    watch = Watch(root)
    try:
        watch.wait_for(lambda line: line.startswith(READY), timeout, "its first build")
        watch.wait_idle(timeout)
        before = mtimes(outputs)
        sampler = TreeSampler(watch.pid, 0.05, include_root=True)
        sampler.start()
        cpu, machine = watch.cpu(), machine_cpu_seconds()
        start = time.perf_counter()
        edit.apply()
        summary, finished = watch.wait_for(SUMMARY.match, timeout, "the rebuild", after=start)
        cpu, machine = watch.cpu() - cpu, machine_cpu_seconds() - machine
        sampler.stop()
        check_rewritten(before, mtimes(outputs), edit.affected)
    finally:
        watch.stop()
    return Sample(finished - start, cpu, sampler.largest_rss / MB, sampler.peak_rss / MB,
                  sampler.peak_pss / MB, summary, max(0.0, machine - cpu))


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir()) if p.is_file()}


def check_rewritten(before: dict[str, int], after: dict[str, int],
                    affected: tuple[str, ...]) -> None:
    """The affected outputs were rewritten; nothing else was touched."""
    changed = {name for name in after if after[name] != before.get(name)}
    expected = {name for name in before if name.startswith(affected)}
    if changed != expected:
        raise ChildFailed(f"watch rewrote {sorted(changed)}; expected exactly {sorted(expected)}")


class Watch:
    """A ``briefgen watch`` child whose output lines are read as they come, timed."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "watch", "--project", str(root)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1, start_new_session=True)
        self.pid = self.process.pid
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))
        self.lines.put((time.perf_counter(), None))  # the watch ended

    def wait_for(self, wanted, timeout: float, what: str, after: float = 0.0):
        """The first line (and when it came) after ``after`` that ``wanted`` accepts."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ChildFailed(f"briefgen watch: no end of {what} in {timeout:.0f} s: "
                                  + "\n".join(self.seen[-20:])) from None
            if line is None:
                raise ChildFailed(f"briefgen watch ended during {what}: "
                                  + "\n".join(self.seen[-20:]))
            self.seen.append(line)
            if at >= after and wanted(line):
                return line, at

    def wait_idle(self, timeout: float, window: float = 0.3) -> None:
        """Until the watch's CPU time stops growing: its watcher is set up."""
        deadline = time.monotonic() + timeout
        last = self.cpu()
        while time.monotonic() < deadline:
            time.sleep(window)
            now = self.cpu()
            if now - last < 0.01:
                return
            last = now
        raise ChildFailed(f"briefgen watch never went idle in {timeout:.0f} s")

    def cpu(self) -> float:
        """User + system seconds of the watch, its finished workers and live ones."""
        return cpu_of(self.pid, reaped=True) + sum(cpu_of(p, reaped=True)
                                                  for p in tree(self.pid)[1:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGINT)  # Ctrl-C: how a watch ends
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
