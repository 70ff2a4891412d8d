"""One build of a project at a time: a second waits, then gives up clearly."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockTimeout
from .model import Project


def lock_path(project: Project) -> Path:
    return project.out / ".briefgen" / "lock"


@contextmanager
def project_lock(project: Project, timeout: float):
    from filelock import FileLock, Timeout

    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise LockTimeout(f"another briefgen build of this project holds {path}; waited "
                          f"{timeout:g} s. Try again later or raise --lock-timeout") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def project_lock_if_free(project: Project) -> Iterator[bool]:
    """The lock ``project_lock`` takes, if it is free now: yields whether it is held.

    filelock's lock on Unix is flock(2) on the lock file, so an flock on the
    same file excludes a ``project_lock`` in any process, and the other way
    round; taking it directly spares the no-op answer (``quick``) importing
    filelock (~10 ms). It never waits and never creates anything: a missing
    lock file, a lock held, a file system without flock (filelock then falls
    back to a marker file), or a lock file filelock would look twice at (a
    link, another owner) all yield False, and the caller leaves the build to
    ``project_lock``.
    """
    fd = _open_lock_file(lock_path(project))
    if fd is None:
        yield False
        return
    try:  # closing the file releases the flock
        yield _flock_now(fd) and _plain_file_of_ours(fd)
    finally:
        os.close(fd)


def _open_lock_file(path: Path) -> int | None:
    try:  # the flags filelock opens it with, less O_CREAT
        return os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None


def _flock_now(fd: int) -> bool:
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):  # held (EWOULDBLOCK), or no flock here (ENOSYS)
        return False
    return True


def _plain_file_of_ours(fd: int) -> bool:
    """A regular file with one name, owned by this user: the lock file as
    filelock makes it (a file unlinked meanwhile has no name, and filelock
    refuses some files with several or a foreign owner)."""
    found = os.fstat(fd)
    return stat.S_ISREG(found.st_mode) and found.st_nlink == 1 and found.st_uid == os.geteuid()
