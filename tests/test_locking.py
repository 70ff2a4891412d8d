"""The project lock: the no-op answer's flock and filelock's lock are one lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from briefgen.errors import LockTimeout
from briefgen.locking import lock_path, project_lock, project_lock_if_free
from briefgen.model import Project


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, tmp_path / "inputs", tmp_path / "templates", tmp_path / "out")


def test_held_if_free_keeps_out_a_build(project):
    with project_lock(project, 1):
        pass  # makes the lock file, as the first build does
    with project_lock_if_free(project) as held:
        assert held
        with pytest.raises(Timeout):
            FileLock(str(lock_path(project))).acquire(timeout=0.1)
        with pytest.raises(LockTimeout):
            with project_lock(project, 0.1):
                pass
    with project_lock(project, 0.1):  # released on leaving
        pass


def test_a_build_holding_it_is_not_waited_for(project):
    with project_lock(project, 1):
        with project_lock_if_free(project) as held:
            assert not held
    with project_lock_if_free(project) as held:
        assert held


def test_without_a_lock_file_it_is_not_taken_and_nothing_is_made(project):
    with project_lock_if_free(project) as held:
        assert not held
    assert not project.out.exists()


def test_a_lock_file_that_is_a_link_is_left_to_filelock(project, tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("")
    Path(lock_path(project)).parent.mkdir(parents=True)
    os.symlink(target, lock_path(project))
    with project_lock_if_free(project) as held:
        assert not held
