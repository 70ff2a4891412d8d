"""One build of a project at a time: a second waits, then gives up clearly."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

from .errors import LockTimeout
from .model import Project


def lock_path(project: Project) -> Path:
    return project.out / ".briefgen" / "lock"


@contextmanager
def project_lock(project: Project, timeout: float):
    """The project's build lock, waiting up to ``timeout`` seconds for it.

    It is flock(2) on ``out/.briefgen/lock``, the lock filelock takes on Unix
    (so builds of any briefgen version exclude each other), taken directly:
    importing filelock cost every build ~25 ms. Where flock is missing, or
    the lock file is anything but a plain file of ours, filelock decides."""
    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_lock_file(path)
    taken = _try_flock(fd) if fd is not None and _plain_file_of_ours(fd) else None
    if fd is None or taken is None:
        if fd is not None:
            os.close(fd)
        with _filelock(path, timeout):
            yield
        return
    try:
        if not taken and not _flock_within(fd, timeout):
            raise _timed_out(path, timeout)
        yield
    finally:
        _unlock_and_close(fd)


def _unlock_and_close(fd: int) -> None:
    """Unlock explicitly: workers forked while the lock was held share its
    open file, so closing ours alone would leave it locked (as filelock does)."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _flock_within(fd: int, timeout: float) -> bool:
    """Wait for the flock, polling as filelock does; False once ``timeout`` passed."""
    import time

    deadline = time.monotonic() + timeout
    while _try_flock(fd) is not True:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def _filelock(path: Path, timeout: float):
    from filelock import FileLock, Timeout

    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise _timed_out(path, timeout) from None
    try:
        yield
    finally:
        lock.release()


def _timed_out(path: Path, timeout: float) -> LockTimeout:
    return LockTimeout(f"another briefgen build of this project holds {path}; waited "
                       f"{timeout:g} s. Try again later or raise --lock-timeout")


def _open_lock_file(path: Path) -> int | None:
    flags = os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CREAT
    try:  # the flags filelock opens it with (it also truncates: the file is empty)
        return os.open(path, flags, 0o644)
    except OSError:
        return None


def _try_flock(fd: int) -> bool | None:
    """True: taken; False: another process holds it; None: no flock here."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # EWOULDBLOCK: held
        return False
    except OSError:  # ENOSYS, EOPNOTSUPP: this file system has no flock
        return None
    return True


def _plain_file_of_ours(fd: int) -> bool:
    """A regular file with one name, owned by this user: the lock file as
    filelock makes it (a file unlinked meanwhile has no name, and filelock
    refuses some files with several or a foreign owner)."""
    found = os.fstat(fd)
    return stat.S_ISREG(found.st_mode) and found.st_nlink == 1 and found.st_uid == os.geteuid()
