"""Run render jobs on every core, yielding results in the main process.

One job runs in-process (no pool to start); several run in worker
processes. Workers only compute bytes; the main process writes files and
the manifest, so a killed worker can never leave a half-written output.

Workers come from a fork server that has imported the writers once: they
start in milliseconds and do not inherit the main process's loaded cases.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

_PRELOAD = ["briefgen.build", "briefgen.render", "briefgen.writers.docx", "briefgen.writers.pdf"]


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_jobs(function, project, jobs_list: list, jobs: int | None = None):
    """Yield ``(job, function(project, job))`` for each job, as they finish."""
    workers = min(jobs or default_jobs(), len(jobs_list))
    if workers <= 1:
        for job in jobs_list:
            yield job, function(project, job)
        return
    with _pool(workers) as pool:
        yield from _bounded(pool, function, project, jobs_list, window=2 * workers)


def _bounded(pool, function, project, jobs_list: list, window: int):
    """Keep at most ``window`` jobs in flight, so finished outputs (bytes)
    are written and freed instead of piling up on a 100-case build."""
    pending: dict = {}
    queue = iter(jobs_list)
    for job in queue:
        pending[pool.submit(function, project, job)] = job
        if len(pending) >= window:
            break
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            job = pending.pop(future)
            yield job, future.result()
            following = next(queue, None)
            if following is not None:
                pending[pool.submit(function, project, following)] = following


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        # No max_tasks_per_child: on Python 3.11 replacing workers can deadlock
        # the pool (CPython gh-115634), and a worker's memory stays flat anyway.
        return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_die_with_parent, initargs=(os.getpid(),))
    return ProcessPoolExecutor(max_workers=workers)  # the platform's default (spawn)


def _die_with_parent(parent_pid: int) -> None:
    """A worker ends when the build that started it ends — also when that
    build is killed (SIGKILL leaves it no chance to shut the pool down, and a
    fork-server worker's own parent is the server, not the build)."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was reused by someone else's process
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="briefgen-parent-watch").start()
