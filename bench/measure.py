"""Time one child process and the peak memory of its whole process tree.

Every measurement is a fresh process so interpreter start-up and imports
count as a user sees them. ``launch.py`` forks the command, times it from
fork to ``os.wait4`` and reports the rusage, which on Linux includes the
command's reaped descendants (CPU time summed, ``ru_maxrss`` the largest
single process). Worker processes share memory with their parent, so the
tree is also sampled from /proc every 50 ms: the peak of its summed RSS (an
upper bound: shared pages count once per process), of its summed PSS (shared
pages split between the processes that map them) and each process's CPU time.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

MB = 1_000_000


class ChildFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Sample:
    """One timed child process (or several, summed, for a peer's documents)."""

    seconds: float
    cpu_seconds: float  # user + system, the child and all its descendants
    largest_process_mb: float  # ru_maxrss: the biggest single process
    tree_rss_mb: float  # peak of the summed RSS of the tree (sampled)
    tree_pss_mb: float  # peak of the summed PSS of the tree (sampled)
    stdout: str = ""
    other_cpu_seconds: float = 0.0  # CPU the rest of the machine used meanwhile (noise)

    def __add__(self, other: Sample) -> Sample:
        """Steps run one after another: times add up, memory peaks do not."""
        return Sample(self.seconds + other.seconds, self.cpu_seconds + other.cpu_seconds,
                      max(self.largest_process_mb, other.largest_process_mb),
                      max(self.tree_rss_mb, other.tree_rss_mb),
                      max(self.tree_pss_mb, other.tree_pss_mb),
                      (self.stdout + other.stdout).strip(),
                      self.other_cpu_seconds + other.other_cpu_seconds)


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    count: int

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def scaled(self, factor: float) -> Stats:
        return Stats(self.median * factor, self.low * factor, self.high * factor, self.count)


LAUNCHER = Path(__file__).with_name("launch.py")


def run_child(argv: list[str], cwd: Path | None = None, env: dict | None = None,
              interval: float = 0.05, timeout: float = 3600.0) -> Sample:
    """Run ``argv`` to completion via the launcher; raise ChildFailed on a non-zero exit."""
    with tempfile.TemporaryDirectory(prefix="bench-child-") as folder:
        result = Path(folder) / "rusage"
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            launcher = subprocess.Popen(
                [sys.executable, "-I", "-S", str(LAUNCHER), str(result), "--", *map(str, argv)],
                cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                start_new_session=True)  # one process group: a timeout kills the whole tree
            sampler = TreeSampler(launcher.pid, interval)
            sampler.start()
            try:
                launcher.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(launcher.pid, signal.SIGKILL)
                launcher.wait()
                raise ChildFailed(f"killed after {timeout:.0f} s: {_show(argv)}") from None
            finally:
                sampler.stop()
        fields = result.read_text().split() if result.is_file() else []
        if launcher.returncode != 0 or len(fields) != 6 or fields[1] != "0":
            raise ChildFailed(f"exit {fields[1] if fields else launcher.returncode}: "
                              f"{_show(argv)}\n{err.read_text('utf-8', 'replace')[-4000:]}")
        stdout_text = out.read_text("utf-8", "replace").strip()
    seconds, _, maxrss_kib, user, system, machine_used = fields
    largest = int(maxrss_kib) * 1024 / MB  # KiB on Linux
    # wait4 counts only descendants that were reaped in the tree (a forkserver's
    # workers may not be); the samples see every live one (but miss its last 50 ms).
    cpu = max(float(user) + float(system), sum(sampler.cpu_by_pid.values()))
    return Sample(float(seconds), cpu, largest, max(sampler.peak_rss / MB, largest),
                  sampler.peak_pss / MB or largest, stdout_text,
                  max(0.0, float(machine_used) - cpu))


def machine_cpu_seconds() -> float:
    """CPU time all processes on the machine have used (busy, not idle)."""
    from .launch import machine_busy

    return machine_busy()


def _show(argv: list[str]) -> str:
    return " ".join(map(str, argv))


class TreeSampler(threading.Thread):
    """Poll /proc for the summed RSS and PSS of a process and its descendants."""

    def __init__(self, root: int, interval: float, include_root: bool = False) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.first = 0 if include_root else 1  # the launcher itself is not measured
        self.peak_rss = 0
        self.peak_pss = 0
        self.largest_rss = 0  # the biggest single process seen
        self.cpu_by_pid: dict[int, float] = {}  # last seen user + system seconds
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            rss, pss = 0, 0
            for pid in tree(self.root)[self.first:]:
                proc_rss, proc_pss = memory_of(pid)
                self.largest_rss = max(self.largest_rss, proc_rss)
                rss += proc_rss
                pss += proc_pss
                self.cpu_by_pid[pid] = max(self.cpu_by_pid.get(pid, 0.0), cpu_of(pid))
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree(root: int) -> list[int]:
    """``root`` and its live descendants, from /proc/PID/task/TID/children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo += [int(p) for p in handle.read().split()]
        except OSError:  # exited meanwhile
            continue
    return found


def cpu_of(pid: int, reaped: bool = False) -> float:
    """User + system seconds a live process has used (with ``reaped``, also
    those of its children it has waited for), or 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = fields[11:15] if reaped else fields[11:13]  # utime stime [cutime cstime]
    return sum(int(v) for v in ticks) / os.sysconf("SC_CLK_TCK")


def memory_of(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes, or zeros if the process is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss
