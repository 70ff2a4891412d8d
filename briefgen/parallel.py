"""Run render jobs on every core, yielding results in the main process.

One job runs in-process (no pool to start); several run in worker
processes. Workers only compute bytes; the main process writes files and
the manifest, so a killed worker can never leave a half-written output.

Workers are forked from the build after it has imported the renderer and
the writers (and registered the fonts), so they start warm instead of
importing everything again; a build of several cases forks them before it
reads the cases instead, and each imports for itself (``workers_ahead``),
so that no worker maps a copy of every case. Inside ``kept_workers()``
(``watch``) one pool serves every build, so its workers stay warm between
edits: templates compiled, fonts measured, words transliterated once. They
never hold the caller's terminal or pipes (their standard streams are
/dev/null: a caller reading the build's output to the end is not kept
waiting by them) and they die with the build, even when it is killed
outright.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from .errors import WorkerDied

# Everything a render job imports, including what the writers import only when
# they first write (ReportLab's platypus) and what unpickling a job's case
# needs (the input schema): a worker forked before these were loaded would
# import them again (0.25 s in all).
_WARM = ["briefgen.build", "briefgen.inputs.schema", "briefgen.render", "briefgen.fitting",
         "briefgen.writers.docx",
         "briefgen.writers.docx.figure", "briefgen.writers.docx.table",
         "briefgen.writers.docx.timeline", "briefgen.writers.pdf", "briefgen.writers.pdf.blocks",
         "briefgen.writers.pdf.footnotes", "briefgen.writers.pdf.markup",
         "briefgen.writers.pdf.page", "briefgen.writers.pdf.styles",
         "briefgen.writers.pdf.titleblock", "briefgen.writers.timeline_layout"]


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class _Kept:
    """The pool ``kept_workers`` keeps between builds (None outside it)."""

    keeping = False
    pool: ProcessPoolExecutor | None = None


@contextmanager
def kept_workers():
    """Within: every ``run_jobs`` that uses workers shares one pool, started on
    first use with one worker per core and ended on leaving."""
    _Kept.keeping = True
    try:
        yield
    finally:
        _Kept.keeping = False
        _drop_kept_pool()


def _drop_kept_pool() -> None:
    pool, _Kept.pool = _Kept.pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class _Ahead:
    """The pool ``workers_ahead`` started (None outside it)."""

    pool: ProcessPoolExecutor | None = None
    workers = 0


@contextmanager
def workers_ahead(jobs: int | None):
    """Fork the workers now, before the build reads its cases, and let each
    import the renderer and the writers itself.

    A worker forked after a hundred cases were loaded maps every page of
    them, and a main process that imported the writers for its workers
    keeps them all build long; so each worker holds only the libraries and
    the case of its job, and the main process only the cases (for a
    multi-case build the workers' own imports cost nothing a user waits
    for: they run while the cases are read). ``run_jobs`` inside uses these
    workers. Not with one worker, under ``kept_workers`` (whose pool serves
    every build), or without fork."""
    workers = jobs or default_jobs()
    if workers <= 1 or _Kept.keeping or "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    pool = _forked_pool(workers, warm_in_workers=True)
    for _ in range(workers):
        pool.submit(_started)  # the executor forks its workers on the first submits
    _Ahead.pool, _Ahead.workers = pool, workers
    try:
        yield
    except BaseException:
        # An input error, say: said at once, not after the workers' imports
        # (they end with the build, or on the pool's sentinel).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _Ahead.pool = None
    pool.shutdown(wait=True, cancel_futures=True)


def _started() -> None:
    """Nothing: a first task, so the executor starts its workers at once."""


def run_jobs(function, project, jobs_list: list, jobs: int | None = None,
             then=None):
    """Yield ``(job, function(project, job))`` for each job, as they finish.

    ``then(job, result)`` may return further jobs that needed that result
    (a further locale needs its main locale's fit): they start as soon as
    it is in, not after every other job. Workers are counted for the listed
    jobs: a follow-up runs no sooner than the job it follows."""
    then = then or (lambda job, result: [])
    if _Ahead.pool is not None and jobs_list:
        yield from _bounded(_Ahead.pool, function, project, jobs_list, then,
                            window=2 * _Ahead.workers)
        return
    if _Kept.keeping and (jobs or default_jobs()) > 1 and jobs_list:
        yield from _on_kept_pool(function, project, jobs_list, then)
        return
    workers = min(jobs or default_jobs(), len(jobs_list))
    if workers <= 1:
        yield from _in_process(function, project, jobs_list, then)
        return
    with _pool(workers) as pool:
        yield from _bounded(pool, function, project, jobs_list, then, window=2 * workers)


def _on_kept_pool(function, project, jobs_list: list, then):
    if _Kept.pool is None:
        _Kept.pool = _pool(default_jobs())
    try:
        yield from _bounded(_Kept.pool, function, project, jobs_list, then,
                            window=2 * default_jobs())
    except WorkerDied:
        _drop_kept_pool()  # broken: the next build starts a fresh one
        raise


def _in_process(function, project, jobs_list: list, then):
    queue = deque(jobs_list)
    while queue:
        job = queue.popleft()
        result = function(project, job)
        yield job, result
        queue.extendleft(reversed(then(job, result)))


def _bounded(pool, function, project, jobs_list: list, then, window: int):
    """Keep at most ``window`` jobs in flight, so finished outputs (bytes)
    are written and freed instead of piling up on a 100-case build.
    Follow-up jobs go ahead of those not yet submitted."""
    pending: dict = {}
    queue = deque(jobs_list)

    def submit_while_room() -> None:
        while queue and len(pending) < window:
            job = queue.popleft()
            pending[pool.submit(function, project, job)] = job

    submit_while_room()
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                result = _result(future, job)
                queue.extendleft(reversed(then(job, result)))
                submit_while_room()  # before the caller writes this one's files
                yield job, result
    finally:  # the caller stopped early (an error): a kept pool need not finish these
        for future in pending:
            future.cancel()


def _result(future, job):
    try:
        return future.result()
    except BrokenProcessPool:
        raise WorkerDied(f"the worker process building {getattr(job, 'label', job)} ended "
                         "without finishing (killed, or out of memory); nothing of it was "
                         "written and the previous outputs stand. Run the build again, or "
                         "with --jobs 1 to build in one process") from None


def _pool(workers: int) -> ProcessPoolExecutor:
    if "fork" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers)  # the platform's default (spawn)
    _warm_up()
    return _forked_pool(workers, warm_in_workers=False)


def _forked_pool(workers: int, warm_in_workers: bool) -> ProcessPoolExecutor:
    """Workers forked from this process, warmed here first or each by itself."""
    # No max_tasks_per_child: on Python 3.11 replacing workers can deadlock the
    # pool (CPython gh-115634), and a worker's memory stays flat anyway.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start,
                               initargs=(os.getpid(), warm_in_workers))


def _warm_up() -> None:
    """Import what every worker needs once, before forking them."""
    import gc
    import importlib

    for name in _WARM:
        importlib.import_module(name)
    from .writers.pdf.fonts import register_fonts
    from .writers.pdf.markup import warm_up as warm_markup

    register_fonts()
    warm_markup()
    # What is loaded now lives as long as the workers: out of the collector's
    # sight, so collections neither walk it nor touch (copy) its shared pages.
    gc.freeze()


def _worker_start(parent_pid: int, warm: bool = False) -> None:
    _let_go_of_streams()
    if not _die_with_parent_linux():
        _watch_parent(parent_pid)
    if os.getppid() != parent_pid:  # the build died before the kernel was asked: go now
        os._exit(1)
    if warm:  # forked before the imports (workers_ahead): make them here
        _warm_up()


def _let_go_of_streams() -> None:
    """Standard streams to /dev/null: workers print nothing, and must not keep
    a pipe the caller reads to its end open after the build is gone."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _die_with_parent_linux() -> bool:
    """Ask the kernel to SIGKILL this worker when the build ends, however it ends."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    """Elsewhere: poll the build and leave when it is gone."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(0.2)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="briefgen-parent-watch").start()
