"""Generated broken projects through the command line (default parallel jobs).

Whatever is wrong — a file's type or content, a date, a link, a FIFO, a
permission, the configuration, the output folder — the build answers with an
exit code in {0, 1, 2, 3} (never 70), no traceback, and changes no output
unless it succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import copy_project

FILES = ["inputs/mini/case.yaml", "inputs/mini/facts.yaml", "inputs/mini/sources.yaml",
         "inputs/mini/judgements.yaml", "inputs/mini/recommendations.yaml",
         "inputs/topics.yaml", "templates/eu/audience.yaml", "templates/rs/audience.yaml"]

ODD_VALUES = [
    "", " ", "\t", None, [], {}, 0, -5, 7, 10**30, 1.5, True, "NO", "yes",
    "2026-13-02", "2026-02-45", {"date-parts": [[2026, 13, 2]]}, {"date-parts": [[-5]]},
    "http://zotero.org/users/1/items/ABCD1234", "English", "x" * 5000, "{{ 7*7 }}",
    "*bold* [^1] <b>", "\u202eRTL", "../../etc/passwd", ["a", {"b": None}], {"en": " "},
    {"en": "ok", "sr": None}, "TLP:RED", "sr-Cyrl", ["sr-Latn", "xx-YY"],
]


def _set_value(root: Path, file: str, choice: int, value) -> None:
    """Set one key of one item (or of the mapping) to an odd value."""
    path = root / file
    if not path.is_file() or path.is_symlink() or not os.access(path, os.R_OK):
        return  # an earlier step made it a FIFO, a link or unreadable: leave it so
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    target = data[choice % len(data)] if isinstance(data, list) and data else data
    if isinstance(target, dict) and target:
        keys = sorted(target, key=str)
        target[keys[choice % len(keys)]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _replace_file(root: Path, file: str, how: str) -> None:
    path = root / file
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    if how == "fifo":
        os.mkfifo(path)
    elif how == "dev-zero":
        path.symlink_to("/dev/zero")
    elif how == "outside":
        path.symlink_to("/etc/hostname")
    elif how == "folder":
        path.mkdir()
    elif how == "garbage":
        path.write_bytes(b"\xff\xfe\x00garbage: [unclosed")
    elif how == "empty":
        path.write_text("")
    elif how == "unreadable":
        path.write_text("- id: x\n")
        path.chmod(0)


def _configure(root: Path, text: str) -> None:
    (root / "briefgen.toml").write_text(text, encoding="utf-8")


CONFIGS = ["paths = 5\n", "paths = []\n", "[paths]\ninputs = 7\n", "[paths]\nout = \"..\"\n",
           "[paths]\ntemplates = \"nowhere\"\n", "[pathz]\n", "not toml at all = = =\n"]

mutation = st.one_of(
    st.tuples(st.just("value"), st.sampled_from(FILES), st.integers(0, 20),
              st.sampled_from(range(len(ODD_VALUES)))),
    st.tuples(st.just("file"), st.sampled_from(FILES),
              st.sampled_from(["fifo", "dev-zero", "outside", "folder", "garbage", "empty",
                               "unreadable"])),
    st.tuples(st.just("config"), st.sampled_from(CONFIGS)),
    st.tuples(st.just("out"), st.sampled_from(["file", "read-only"])),
)


def _apply(root: Path, step: tuple) -> None:
    kind = step[0]
    if kind == "value":
        _set_value(root, step[1], step[2], ODD_VALUES[step[3]])
    elif kind == "file":
        _replace_file(root, step[1], step[2])
    elif kind == "config":
        _configure(root, step[1])
    elif step[1] == "file":
        if (root / "out/mini").is_dir():
            shutil.rmtree(root / "out/mini")
            (root / "out/mini").write_text("a file where a folder should be")
    else:
        for path in (root / "out").rglob("*"):
            path.chmod(0o555 if path.is_dir() else 0o444)


def _outputs(root: Path) -> dict[str, bytes]:
    found = {}
    folder = root / "out" / "mini"
    if folder.is_dir():
        for path in folder.iterdir():
            found[path.name] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("broken") / "template"
    copy_project("basic", root)
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(mutation, min_size=1, max_size=3))
def test_a_broken_project_gets_an_answer_never_a_crash(built_project, tmp_path, steps):
    root = tmp_path / f"case-{abs(hash(tuple(map(str, steps))))}"
    shutil.copytree(built_project, root, symlinks=True)
    try:
        before = _outputs(root)
        for step in steps:
            _apply(root, step)
        done = subprocess.run([sys.executable, "-m", "briefgen", "build", "--project",
                               str(root)], capture_output=True, text=True, timeout=120)
        said = done.stdout + done.stderr
        assert done.returncode in (0, 1, 2, 3), said
        assert "Traceback" not in said and "internal error" not in said, said
        if done.returncode != 0 and (root / "out/mini").is_dir():
            assert _outputs(root) == before, said
    finally:
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(root, ignore_errors=True)
