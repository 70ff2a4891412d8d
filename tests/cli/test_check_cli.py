"""The check and new commands as a user drives them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO, edit


def test_clean_case_exits_zero_with_summary_and_disagreement(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    result = cli("check")
    assert result.code == 0
    assert ("inputs/mini/facts.yaml:7:3: info: sources disagree on `arrival-year`: "
            "2022 (year-a [paper B2]) vs 2020 (year-b [blog D4])") in result.out
    assert result.out.strip().splitlines()[-1] == (
        "checked 1 case: 3 facts, 2 sources, 2 judgements, 1 disagreement — 0 errors, 0 warnings")


def test_json_summary_for_scripts(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    result = cli("check", "--json")
    payload = json.loads(result.out)
    assert payload["ok"] is True
    assert payload["summary"]["facts"] == 3
    found = payload["cases"][0]["disagreements"][0]
    assert found["claim"] == "arrival-year"
    # values as the analyst wrote them (YAML would read `NO` as false)
    assert found["values"] == [{"value": "2022", "facts": ["year-a"]},
                               {"value": "2020", "facts": ["year-b"]}]


def test_json_lists_errors_with_positions(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    edit(root / "inputs/mini/judgements.yaml", "likelihood: likely", "likelihood: likly")
    result = cli("check", "--json")
    assert result.code == 1
    diagnostic = json.loads(result.out)["cases"][0]["diagnostics"][0]
    assert (diagnostic["file"], diagnostic["line"], diagnostic["col"]) == (
        "inputs/mini/judgements.yaml", 3, 15)


def test_unknown_case_is_a_usage_error_with_suggestion(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    result = cli("check", "mnii")
    assert result.code == 2
    assert "no case `mnii`" in result.err and "(did you mean `mini`?)" in result.err


def test_no_project_is_a_usage_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.code == 2
    assert "no briefgen project here or above" in result.err


def test_project_option(project_copy, cli, tmp_path, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--project", root).code == 0


def test_bad_option_is_usage_error(cli):
    assert cli("check", "--no-such-option").code == 2


def test_new_scaffolds_a_case_that_passes_check(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    result = cli("new", "fresh-case")
    assert result.code == 0
    assert (root / "inputs/fresh-case/facts.yaml").read_text().startswith("# Facts:")
    checked = cli("check", "fresh-case")
    assert checked.code == 0, checked.err
    assert "0 errors" in checked.out


def test_new_refuses_bad_or_existing_names(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    assert "not a valid case id" in cli("new", "Bad Name").err
    assert "already exists" in cli("new", "mini").err


def test_internal_errors_show_no_traceback_unless_asked(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    import briefgen.checking

    def boom(*args):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(briefgen.checking, "check_cases", boom)
    result = cli("check")
    assert result.code == 70
    assert "internal error in briefgen" in result.err and "Traceback" not in result.err


def test_console_script_runs(project_copy):
    root = project_copy("basic")
    done = subprocess.run([sys.executable, "-m", "briefgen", "check"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "0 errors" in done.stdout


def test_help_imports_no_writer():
    code = ("import sys; from briefgen.cli import main\n"
            "try: main(['--help'])\nexcept SystemExit: pass\n"
            "bad = [m for m in sys.modules if m.startswith(('docx', 'reportlab', 'jinja2'))]\n"
            "print('MODULES:' + ','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "MODULES:", done.stdout
