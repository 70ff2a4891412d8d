"""Shared test helpers: fixture projects and running the CLI in-process."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from briefgen.cli import main

# CI replays a fixed set of examples so a landing never depends on luck;
# local runs keep exploring new ones (and keep what they find in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

PROJECTS = Path(__file__).parent / "projects"
REPO = Path(__file__).parent.parent
# The _shared/ macros and base template of the fixture projects that bring their
# own audience templates (basic, canary): one copy, laid in by copy_project.
FIXTURE_SHARED = PROJECTS / "_shared"


def copy_project(name: str, target: Path) -> Path:
    """A buildable copy of the fixture project tests/projects/<name> at ``target``."""
    shutil.copytree(PROJECTS / name, target)
    templates = target / "templates"
    if any(templates.glob("*/brief.md.j2")):
        shutil.copytree(FIXTURE_SHARED, templates / "_shared")
    return target


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project_copy(tmp_path):
    """Copy a fixture project under tests/projects/ to a temporary folder."""

    def copy(name: str = "basic") -> Path:
        return copy_project(name, tmp_path / name)

    return copy


@pytest.fixture
def cli(capsys):
    """Run briefgen in-process: cli(args...) -> Result(code, out, err)."""

    def run(*args: str) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, failing loudly if it is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
