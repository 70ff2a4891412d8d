"""The simple forms of `build`, taken before typer is imported
(briefgen/quick.py), as a user meets them: through `python -m briefgen` in a
real process.

Each answer it gives is compared with what the full command line (``cli.main``,
typer's parser) prints for the same argv, on a copy of the same project;
anything it does not take must reach the full command line with nothing
printed before.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.quick import Request, parse
from tests.conftest import copy_project, edit

# What the no-op answer must not load; each costs more than the answer itself.
HEAVY = {"typer", "click", "pydantic", "pydantic_core", "jinja2", "yaml", "reportlab", "docx",
         "filelock", "markdown_it", "rich"}
FULL = "import sys; from briefgen.cli import main; sys.exit(main(sys.argv[1:]))"


def briefgen(*args: str, cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, set]:
    """`python -m briefgen ARGS`, and the top-level names of the modules it imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefgen", *args],
                          capture_output=True, text=True, timeout=120, cwd=cwd)
    lines = done.stderr.splitlines(keepends=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in lines
                if line.startswith("import time:")}
    done.stderr = "".join(line for line in lines if not line.startswith("import time:"))
    return done, imported


def full_command_line(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The same argv through ``cli.main`` alone: never the no-op answer."""
    return subprocess.run([sys.executable, "-c", FULL, *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def same(done: subprocess.CompletedProcess, full: subprocess.CompletedProcess) -> None:
    assert (done.returncode, done.stdout, done.stderr) == \
        (full.returncode, full.stdout, full.stderr)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    root = copy_project("basic", tmp_path_factory.mktemp("quick") / "basic")
    done = full_command_line("build", "--project", str(root))
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def built(built_once, tmp_path) -> Path:
    """An up-to-date project of the test's own (the manifest keeps relative paths)."""
    return Path(shutil.copytree(built_once, tmp_path / "basic"))


# -- taken before typer: the same words and exit code --------------------------------

@pytest.mark.parametrize("argv", [
    ["build"],  # the project found from the current folder
    ["build", "-p", "ROOT"],
    ["build", "--project", "ROOT"],
    ["--project", "ROOT", "build"],
    ["-p", "ROOT", "build", "mini"],
    ["build", "mini", "--project=ROOT", "-a", "eu"],
    ["build", "-a", "rs", "--audience=eu", "-f", "pdf", "-p", "ROOT"],
    ["build", "--format", "docx", "-j", "2", "--lock-timeout", "5", "-p", "ROOT"],
    ["build", "mini", "mini", "--jobs=1", "--lock-timeout=0.5", "-p", "ROOT"],
])
def test_a_no_op_is_answered_before_typer_as_the_full_command_line_answers(built, argv):
    argv = [a.replace("ROOT", str(built)) for a in argv]
    done, imported = briefgen(*argv, cwd=built)
    assert not imported & HEAVY, sorted(imported & HEAVY)
    assert done.returncode == 0 and done.stdout.startswith("up to date ("), done
    same(done, full_command_line(*argv, cwd=built))


def test_the_no_op_answer_clears_what_a_killed_build_left(built):
    leftover = built / "out/.briefgen/tmp/.eu.pdf.x1y2.tmp"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half a file")
    done, imported = briefgen("build", "-p", str(built))
    assert not imported & HEAVY and done.stdout.startswith("up to date")
    assert not leftover.exists()


# -- anything else reaches typer, which answers it its own way -----------------------

def test_after_an_input_edit_it_builds_as_the_full_command_line_builds(built, tmp_path):
    twin = Path(shutil.copytree(built, tmp_path / "twin"))
    for root in (built, twin):
        edit(root / "inputs/mini/facts.yaml", "held in July.", "held in mid-July.")
    done, imported = briefgen("build", "-p", str(built))
    assert "typer" not in imported and "reportlab" in imported
    full = full_command_line("build", "-p", str(twin))
    assert done.returncode == 0 and done.stdout.startswith("built "), done
    same(done, full)
    assert _outputs(built) == _outputs(twin)
    again, imported = briefgen("build", "-p", str(built))
    assert not imported & HEAVY and again.stdout.startswith("up to date (")


def _outputs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "out/mini").iterdir()}


@pytest.mark.parametrize("argv", [
    ["build", "-p", "ROOT", "nosuch"],
    ["build", "-a", "nosuch", "-p", "ROOT"],
    ["build", "-f", "odt", "-p", "ROOT"],
    ["build", "-p", "ROOT/inputs"],  # not a project
])
def test_a_mistake_in_a_simple_form_is_said_as_the_full_command_line_says_it(built, argv):
    argv = [a.replace("ROOT", str(built)) for a in argv]
    done, imported = briefgen(*argv, cwd=built)
    assert "typer" not in imported
    assert done.returncode == 2 and done.stderr.startswith("error: ") and not done.stdout
    same(done, full_command_line(*argv, cwd=built))


def test_an_input_error_in_a_simple_form_is_said_as_the_full_command_line_says_it(built):
    edit(built / "inputs/mini/facts.yaml", "held in July.", "held in July.\n  bogus: 1")
    done, imported = briefgen("build", "-p", str(built))
    assert "typer" not in imported
    assert done.returncode == 1 and "nothing was written" in done.stderr, done
    same(done, full_command_line("build", "-p", str(built)))


@pytest.mark.parametrize("argv", [
    ["build", "--force", "-p", "ROOT"],  # renders again (and finds the same bytes)
    ["build", "--help"],
    ["build", "--forse", "-p", "ROOT"],  # typer's usage error, exit 2
    ["build", "-j", "0", "-p", "ROOT"],
    ["build", "--lock-timeout", "soon", "-p", "ROOT"],
    ["build", "-p", "ROOT/inputs/mini/facts.yaml"],  # a file: typer's message
    ["build", "-v", "-p", "ROOT"],
    ["build", "--json", "-p", "ROOT"],
    ["build", "-a=eu", "-p", "ROOT"],
    ["build", "--", "mini", "-p", "ROOT"],
    ["--traceback", "build", "-p", "ROOT"],
    ["check", "-p", "ROOT"],
])
def test_what_it_does_not_answer_reaches_typer_from_the_start(built, argv):
    argv = [a.replace("ROOT", str(built)) for a in argv]
    done, imported = briefgen(*argv, cwd=built)
    assert "typer" in imported
    same(done, full_command_line(*argv, cwd=built))


def test_a_misspelt_option_is_typers_usage_error(built):
    done, _ = briefgen("build", "--forse", "-p", str(built))
    assert done.returncode == 2 and "No such option: --forse" in done.stderr
    assert not done.stdout


def test_a_lock_held_by_another_build_is_waited_for_as_before(built):
    from filelock import FileLock

    with FileLock(str(built / "out/.briefgen/lock")):
        argv = ["build", "--lock-timeout", "0.3", "-p", str(built)]
        done, imported = briefgen(*argv)
        full = full_command_line(*argv)
    assert "typer" not in imported
    assert done.returncode == 3 and "another briefgen build of this project holds" in done.stderr
    same(done, full)


# -- the parser: only the simple forms ---------------------------------------------

def test_the_simple_forms_are_read_as_the_command_line_reads_them():
    assert parse(["-p", "a", "build", "x", "--audience=eu", "-f", "pdf", "-a", "rs", "y",
                  "--project", "b", "-j", "3", "--lock-timeout", "2.5"]) == Request(
        projects=["a", "b"], cases=["x", "y"], audiences=["eu", "rs"], formats=["pdf"],
        jobs=3, lock_timeout=2.5)
    assert parse(["build"]) == Request()


@pytest.mark.parametrize("argv", [
    [], ["check"], ["buil"], ["-v", "build"], ["--version"], ["build", "--force"],
    ["build", "-h"], ["build", "-a=eu"], ["build", "-aeu"], ["build", "-a"],
    ["build", "-p", "-x"], ["build", "--project="], ["build", "-p", "a", "-p", "b"],
    ["build", "-j", "0"], ["build", "-j", "two"], ["build", "-j", "²"],
    ["build", "--lock-timeout", "1e3"], ["build", "--lock-timeout", "-1"],
    ["build", "--lock-timeout", "inf"], ["build", "-"], ["build", "--"],
    ["-p", "a", "-p", "b", "build"], ["--traceback", "build"],
])
def test_anything_else_is_not_read(argv):
    assert parse(argv) is None
