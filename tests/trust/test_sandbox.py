"""Templates cannot reach files, modules or Python internals, and nothing a
project names — a template, an include, the house-style reference.docx — can
pull in a file from outside the project, through `..` or a symbolic link.

Every refusal is a located error naming the template or file (exit 1, no
traceback, nothing written), and the outside file's secret appears in no
output and no message.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import copy_project
from tests.trust.hostile_project import run_cli

SECRET = "TOPSECRET-4242"
# A located error that names a file: `path[:line:col]: error: message`.
LOCATED = re.compile(r"^(?P<file>[^\n]+?)(?::\d+:\d+)?: error: (?P<message>.+)$", re.MULTILINE)


@pytest.fixture
def project(tmp_path):
    """A copy of tests/projects/basic next to an outside folder holding secrets."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} {{{{ 1 }}}}\n", encoding="utf-8")
    (outside / "secret.md.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "reference.docx").write_bytes(_secret_reference_docx())
    root = tmp_path / "project"
    copy_project("basic", root)
    return root


def _secret_reference_docx() -> bytes:
    """A valid house style whose every part carries the secret."""
    document = docx.Document()
    document.add_paragraph(SECRET)
    document.core_properties.title = SECRET
    document.styles.add_style(SECRET, 1)  # a paragraph style named like the secret
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def _brief(root: Path) -> Path:
    return root / "templates" / "eu" / "brief.md.j2"


def add_to_brief(root: Path, line: str) -> None:
    """Put `line` into the eu template, under its first heading."""
    brief = _brief(root)
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("## Bottom line\n", f"## Bottom line\n\n{line}\n", 1),
                     encoding="utf-8")


def build(root: Path) -> tuple[int, str]:
    code, out, err = run_cli("build", "--project", root)  # default parallel jobs
    return code, out + err


def assert_refused(root: Path, code: int, output: str, names: str) -> None:
    """Exit 1 with a located error naming `names`; no secret anywhere."""
    assert code == 1, output
    assert "Traceback" not in output and "internal error" not in output, output
    errors = list(LOCATED.finditer(output))
    assert errors, f"no located error in:\n{output}"
    assert any(names in e.group("file") or names in e.group("message") for e in errors), output
    assert SECRET not in output
    assert_no_secret_written(root)


def assert_no_secret_written(root: Path) -> None:
    """The secret is in no file under out/ (zipped parts included)."""
    out = root / "out"
    for path in (p for p in out.rglob("*") if p.is_file()) if out.exists() else ():
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    assert SECRET.encode() not in package.read(name), f"{path}:{name}"


# --- Python internals and resources ---------------------------------------------------


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cite.__globals__ }}",
    "{{ cite.__self__.views }}",
    "{{ cite.__func__.__code__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ facts.__class__ }}",
    "{% set _ = facts.append(1) %}",
    # Over the caps, yet small enough not to hurt if a cap were ever lost.
    "{{ range(10**6)|list|length }}",
    "{{ 'x' * 2000001 }}",
    "{{ ([1] * 1500000)|length }}",
    "{{ 10**5000 }}",
])
def test_python_internals_and_runaway_expressions_are_refused(project, expression):
    add_to_brief(project, expression)
    code, output = build(project)
    assert_refused(project, code, output, "brief.md.j2")
    line = _brief(project).read_text(encoding="utf-8").splitlines().index(expression) + 1
    assert f"brief.md.j2:{line}:" in output  # located on the offending line


# --- files through names -------------------------------------------------------------------


@pytest.mark.parametrize("statement", [
    "{% include '/etc/passwd' %}",
    "{% include '../../outside/secret.txt' %}",
    "{% include '../../../outside/secret.txt' %}",
    "{% include '_shared/../../../outside/secret.txt' %}",
    "{% import 'os' as os %}",
    "{% from 'os' import system %}",
    "{% extends '../../outside/secret.md.j2' %}",
    "{% include ['../../outside/secret.txt', '/etc/passwd'] %}",
])
def test_includes_cannot_name_files_outside_the_templates_folder(project, statement):
    add_to_brief(project, statement)
    code, output = build(project)
    assert_refused(project, code, output, "brief.md.j2")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "../../outside/secret.md.j2",
                                  "../rs/../../../outside/secret.md.j2"])
def test_audience_template_outside_the_templates_folder_is_refused(project, name):
    audience = project / "templates" / "eu" / "audience.yaml"
    audience.write_text(audience.read_text(encoding="utf-8") + f"template: {name}\n",
                        encoding="utf-8")
    code, output = build(project)
    assert_refused(project, code, output, "audience.yaml")
    assert re.search(r"audience\.yaml:\d+:\d+: error: ", output), output
    code, _out, err = run_cli("check", "--project", project)
    assert code == 1 and re.search(r"audience\.yaml:\d+:\d+: error: ", err), err


# --- files through symbolic links ------------------------------------------------------------


def _link(link: Path, target: Path) -> None:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):  # pragma: no cover - e.g. Windows without rights
        pytest.skip("symbolic links unavailable")


def test_included_template_linked_outside_is_refused(project):
    outside = project.parent / "outside" / "secret.md.j2"
    _link(project / "templates" / "eu" / "partial.md.j2", outside)
    add_to_brief(project, "{% include 'partial.md.j2' %}")
    code, output = build(project)
    assert_refused(project, code, output, "partial.md.j2")


def test_template_folder_linked_outside_is_refused(project):
    _link(project / "templates" / "eu" / "parts", project.parent / "outside")
    add_to_brief(project, "{% include 'parts/secret.md.j2' %}")
    code, output = build(project)
    assert_refused(project, code, output, "parts/secret.md.j2")


def test_shared_macros_linked_outside_are_refused(project):
    shared = project / "templates" / "_shared" / "macros.md.j2"
    (project.parent / "outside" / "macros.md.j2").write_text(
        shared.read_text(encoding="utf-8") + f"\n{{# {SECRET} #}}\n", encoding="utf-8")
    shared.unlink()
    _link(shared, project.parent / "outside" / "macros.md.j2")
    code, output = build(project)
    assert_refused(project, code, output, "macros.md.j2")


def test_audience_template_linked_outside_is_refused(project):
    brief = _brief(project)
    brief.unlink()
    _link(brief, project.parent / "outside" / "secret.md.j2")
    code, output = build(project)
    assert_refused(project, code, output, "brief.md.j2")


def test_template_linked_inside_the_templates_folder_is_fine(project):
    # Links are not refused as such: only where they lead matters.
    shared = project / "templates" / "_shared"
    (shared / "extra.md.j2").write_text("Linked partial text.\n", encoding="utf-8")
    _link(project / "templates" / "eu" / "partial.md.j2", shared / "extra.md.j2")
    add_to_brief(project, "{% include 'partial.md.j2' %}")
    code, output = build(project)
    assert code == 0, output
    with zipfile.ZipFile(project / "out" / "mini" / "eu.docx") as package:
        assert "Linked partial text." in package.read("word/document.xml").decode()


@pytest.mark.parametrize("where", ["templates", "templates/eu"])
def test_reference_docx_linked_outside_is_refused(project, where):
    _link(project / where / "reference.docx", project.parent / "outside" / "reference.docx")
    code, output = build(project)
    assert_refused(project, code, output, "reference.docx")


def test_reference_docx_inside_is_used(project):
    # The control for the test above: a house style in the folder is used,
    # so the secret in it reaches the output (the canary would be seen).
    (project / "templates" / "reference.docx").write_bytes(_secret_reference_docx())
    code, output = build(project)
    assert code == 0, output
    with zipfile.ZipFile(project / "out" / "mini" / "eu.docx") as package:
        assert SECRET in package.read("word/styles.xml").decode()
