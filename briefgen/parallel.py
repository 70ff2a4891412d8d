"""Run render jobs on every core, yielding results in the main process.

One job in-process (no pool to start); several jobs in worker processes.
Workers only compute bytes; the main process writes files and the
manifest, so a killed worker can never leave a half-written output.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed


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
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = {pool.submit(function, project, job): job for job in jobs_list}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _context():
    # fork starts workers in milliseconds with briefgen already imported;
    # where it does not exist (macOS/Windows), the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)
