"""One build of a project at a time: a second waits, then gives up clearly."""

from __future__ import annotations

from contextlib import contextmanager

from .errors import LockTimeout
from .model import Project


@contextmanager
def project_lock(project: Project, timeout: float):
    from filelock import FileLock, Timeout

    path = project.out / ".briefgen" / "lock"
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
