"""The project lock: flock(2) on out/.briefgen/lock, the lock filelock takes,
so a build and any other holder of that lock exclude each other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from briefgen.errors import LockTimeout
from briefgen.locking import lock_path, project_lock
from briefgen.model import Project


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, tmp_path / "inputs", tmp_path / "templates", tmp_path / "out")


def test_a_build_holding_it_keeps_out_filelock_and_another_build(project):
    with project_lock(project, 1):
        with pytest.raises(Timeout):
            FileLock(str(lock_path(project))).acquire(timeout=0.1)
        with pytest.raises(LockTimeout):
            with project_lock(project, 0.1):
                pass
    with project_lock(project, 0.1):  # released on leaving
        pass


def test_filelock_holding_it_keeps_out_a_build(project):
    Path(lock_path(project)).parent.mkdir(parents=True)
    with FileLock(str(lock_path(project))):
        with pytest.raises(LockTimeout) as caught:
            with project_lock(project, 0.1):
                pass
    assert "another briefgen build of this project holds" in str(caught.value)


def test_workers_forked_under_it_do_not_keep_it(project):
    with project_lock(project, 1):
        pid = os.fork()
        if pid == 0:  # a worker: lives on with the lock file open
            import time

            time.sleep(2)
            os._exit(0)
    try:
        with project_lock(project, 0.5):
            pass
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def test_a_lock_file_that_is_a_link_is_refused_as_filelock_refuses_it(project, tmp_path):
    """Never locked through a link (build turns the OSError into a clear message)."""
    target = tmp_path / "elsewhere"
    target.write_text("")
    Path(lock_path(project)).parent.mkdir(parents=True)
    os.symlink(target, lock_path(project))
    with pytest.raises(OSError):
        with project_lock(project, 1):
            pass
