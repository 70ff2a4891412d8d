"""Failures as a user meets them: through the command line, default parallel jobs.

Every input, configuration, house-style or disk problem is a located message
with exit 1 (or 2 for usage): never a traceback, never exit 70, never a hang,
and never a changed output unless the build succeeded.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import copy_project, edit

FACTS = "inputs/mini/facts.yaml"
SOURCES = "inputs/mini/sources.yaml"
CASE = "inputs/mini/case.yaml"


def briefgen(root: Path, *args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "briefgen", *args, "--project", str(root)],
                          capture_output=True, text=True, timeout=timeout, **kw)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert done.returncode != 70
    return done


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "basic"
    copy_project("basic", root)
    return root


@pytest.fixture
def built(project) -> Path:
    assert briefgen(project, "build").returncode == 0
    return project


def outputs(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "out").rglob("*") if p.is_file()
            and ".briefgen" not in p.parts}


# -- inputs and configuration that used to crash ---------------------------------

@pytest.mark.parametrize("issued, message", [
    ("{date-parts: [[2026, 13, 2]]}", "`2026-13-02` has no month 13"),
    ("{date-parts: [[-5]]}", "year -5 is not a year"),
    ("{date-parts: [[2026, 2, 45]]}", "`2026-02-45` is not a real date"),
])
def test_csl_date_parts_are_checked_like_dates(built, issued, message):
    before = outputs(built)
    edit(built / SOURCES, 'issued: "2025-07-20"', f"issued: {issued}")
    edit(built / FACTS, "held in July.", "held in mid-July.")  # so a build would write
    done = briefgen(built, "build")
    assert done.returncode == 1
    assert re.search(rf"{SOURCES}:5:\d+: error: .*{re.escape(message)}", done.stderr)
    assert outputs(built) == before


@pytest.mark.parametrize("config", ["paths = 5", "paths = []", "[paths]\ninputs = 7"])
def test_briefgen_toml_with_a_wrong_type_is_refused(project, config):
    (project / "briefgen.toml").write_text(config + "\n")
    done = briefgen(project, "build")
    assert done.returncode == 1
    assert "briefgen.toml:1:1: error:" in done.stderr and "paths" in done.stderr


def test_a_fifo_input_is_refused_not_waited_on(project):
    (project / FACTS).unlink()
    os.mkfifo(project / FACTS)
    done = briefgen(project, "build", timeout=30)
    assert done.returncode == 1
    assert f"{FACTS}: error: not a regular file" in done.stderr


def test_a_link_to_dev_zero_is_refused(project):
    (project / FACTS).unlink()
    (project / FACTS).symlink_to("/dev/zero")
    done = briefgen(project, "check", timeout=30)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr


def test_an_empty_facts_file_says_so_once(project):
    (project / FACTS).write_text("")
    done = briefgen(project, "check")
    assert done.returncode == 1
    assert f"{FACTS}: error: facts.yaml is empty" in done.stderr
    assert done.stderr.count("error:") == 1, done.stderr


@pytest.mark.parametrize("a, b, shown", [("1", "true", ("1", "true")), ("NO", "no", ("NO", "no"))])
def test_claim_values_are_compared_and_shown_as_written(project, a, b, shown):
    edit(project / FACTS, "claims: {arrival-year: 2022}", f"claims: {{arrival-year: {a}}}")
    edit(project / FACTS, "claims: {arrival-year: 2020}", f"claims: {{arrival-year: {b}}}")
    done = briefgen(project, "check", "--json")
    found = json.loads(done.stdout)["cases"][0]["disagreements"]
    assert [v["value"] for v in found[0]["values"]] == list(shown)


@pytest.mark.parametrize("path, old, new, message", [
    (FACTS, "{en: The exercise was held in July.,", '{en: "   ",', "`en` is empty"),
    (SOURCES, "  reliability: D", '  reliability: D\n  releasable-to: [nato]\n  descriptor: " "',
     "`descriptor` is empty"),
])
def test_blank_texts_are_refused(project, path, old, new, message):
    edit(project / path, old, new)
    done = briefgen(project, "check")
    assert done.returncode == 1 and message in done.stderr, done.stderr


def test_zotero_ids_and_free_text_language_are_kept(project):
    key = "http://zotero.org/users/1/items/ABCD1234"
    for path in (SOURCES, FACTS):
        text = (project / path).read_text()
        (project / path).write_text(text.replace("id: paper", f'id: "{key}"')
                                    .replace("source: paper", f'source: "{key}"'))
    edit(project / SOURCES, "  reliability: B", "  reliability: B\n  language: English")
    done = briefgen(project, "build")
    assert done.returncode == 0, done.stderr
    assert "`language: English`, which is not a BCP 47 tag" in done.stderr


# -- the house style -----------------------------------------------------------------

def test_a_pandoc_house_style_builds_and_keeps_the_briefs_language_and_no_properties(project):
    reference = subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                               capture_output=True, check=True).stdout
    (project / "templates/reference.docx").write_bytes(reference)
    done = briefgen(project, "build")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(project / "out/mini/rs.docx") as package:
        styles = package.read("word/styles.xml").decode()
        core = package.read("docProps/core.xml").decode()
        names = package.namelist()
    assert 'w:val="sr-Latn"' in styles and "en-US" not in styles
    assert "<dc:language>sr-Latn</dc:language>" in core
    assert "docProps/custom.xml" not in names


def test_a_house_style_that_is_not_a_docx_is_named_at_its_path(project):
    (project / "templates/rs").mkdir(exist_ok=True)
    (project / "templates/rs/reference.docx").write_text("not a Word file")
    done = briefgen(project, "build")
    assert done.returncode == 1
    assert "templates/rs/reference.docx: error:" in done.stderr
    assert "not a Word document" in done.stderr


# -- faults: the disk, the output folder, workers ----------------------------------------

def test_an_output_folder_that_is_a_file_is_a_clear_message(project):
    (project / "out").rmdir() if (project / "out").is_dir() else None
    (project / "out").write_text("a file where out/ should be")
    done = briefgen(project, "build")
    assert done.returncode == 1
    assert "error: cannot write" in done.stderr and "out/" in done.stderr


def _small_files() -> None:  # EFBIG for any write past 20 kB, as on a full quota
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_is_a_clear_message_and_keeps_the_previous_outputs(built):
    before = outputs(built)
    edit(built / FACTS, "held in July.", "held in mid-July.")
    done = briefgen(built, "build", preexec_fn=_small_files)
    assert done.returncode == 1
    assert "error: cannot write" in done.stderr and "previous outputs are unchanged" in done.stderr
    assert outputs(built) == before
    assert not list((built / "out/.briefgen/tmp").glob("*"))  # no half-written temporaries


def test_a_worker_that_dies_is_reported_plainly():
    from briefgen.errors import WorkerDied
    from briefgen.parallel import run_jobs

    # Which unfinished job the broken pool reports first is up to the pool;
    # the message must name one of those the dead worker left unfinished.
    with pytest.raises(WorkerDied, match="building (second|third) ended without finishing"):
        list(run_jobs(_die_on_second, None, ["first", "second", "third"], jobs=2))


def _die_on_second(_project, job):
    if job == "second":
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return job


# -- editions that tell the truth ---------------------------------------------------------

def _edition(root: Path, audience: str = "eu") -> dict:
    manifest = json.loads((root / "out/.briefgen/manifest.json").read_text())
    number = manifest["editions"][f"mini/{audience}"]["number"]
    return json.loads((root / f"out/.briefgen/editions/mini/{audience}/{number}.json").read_text())


@pytest.mark.parametrize("path, old, new, listed", [
    (SOURCES, "  reliability: B", "  reliability: E", "Corrected: The exercise was held"),
    (FACTS, "claims: {arrival-year: 2020}", "claims: {arrival-year: 2019}",
     "Corrected: The system arrived in 2020."),
    ("inputs/mini/recommendations.yaml", "text:", "text:", "Recommendation revised:"),
])
def test_what_the_reader_sees_changing_makes_an_edition_that_says_so(built, path, old, new,
                                                                      listed):
    if path.endswith("recommendations.yaml"):
        text = (built / path).read_text()
        (built / path).write_text(re.sub(r"(en: )([^,}\n]+)", r"\1\2 (revised)", text, count=1))
    else:
        edit(built / path, old, new)
    assert briefgen(built, "build").returncode == 0
    edition = _edition(built)
    assert edition["number"] == 2
    assert any(c.startswith(listed) for c in edition["changes"]), edition["changes"]


def test_a_deleted_manifest_does_not_restart_the_numbering(built):
    edit(built / FACTS, "held in July.", "held in mid-July.")
    assert briefgen(built, "build").returncode == 0
    (built / "out/.briefgen/manifest.json").unlink()
    edit(built / FACTS, "held in mid-July.", "held in late July.")
    assert briefgen(built, "build").returncode == 0
    assert _edition(built)["number"] == 3


def test_drafts_under_watch_mint_no_edition(built):
    from briefgen.build import Settings, build
    from briefgen.project import find_project

    project = find_project(built)
    edit(built / FACTS, "held in July.", "held in mid-July.")
    build(project, ["mini"], Settings(draft=True))  # what `watch` does on a save
    edit(built / FACTS, "held in mid-July.", "held in July.")  # ... and on its revert
    build(project, ["mini"], Settings(draft=True))
    assert not (built / "out/.briefgen/editions/mini/eu/2.json").exists()
    done = briefgen(built, "build", "-v")
    assert "a draft (built by watch) becomes an edition" in done.stdout
    assert _edition(built)["number"] == 1


# -- the command line ------------------------------------------------------------------------

def test_build_json_on_input_errors_prints_the_check_object(project):
    edit(project / "inputs/mini/judgements.yaml", "likelihood: likely", "likelihood: likly")
    done = briefgen(project, "build", "--json")
    assert done.returncode == 1
    payload = json.loads(done.stdout)
    assert payload["ok"] is False and payload["summary"]["errors"] == 1
    assert payload["cases"][0]["diagnostics"][0]["line"] == 3


def test_source_date_epoch_sets_the_file_dates_and_is_recorded(built):
    epoch = "1767225600"  # 2026-01-01T00:00:00Z
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    done = briefgen(built, "build", "-v", env=env)
    assert "eu.pdf: SOURCE_DATE_EPOCH changed" in done.stdout
    assert b"/CreationDate (D:20260101000000" in (built / "out/mini/eu.pdf").read_bytes()
    with zipfile.ZipFile(built / "out/mini/eu.docx") as package:
        assert "2026-01-01T00:00:00Z" in package.read("docProps/core.xml").decode()
    assert "up to date" in briefgen(built, "build", env=env).stdout


def test_version_and_a_project_given_before_the_command(project, tmp_path):
    done = subprocess.run([sys.executable, "-m", "briefgen", "--version"], capture_output=True,
                          text=True)
    assert re.fullmatch(r"briefgen \d+\.\d+\.\d+\n", done.stdout)
    done = subprocess.run([sys.executable, "-m", "briefgen", "--project", str(project), "check"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name, scratch", [
    ("facts.yaml", False), (".facts.yaml.swp", True), ("4913", True), ("facts.yaml~", True),
    (".#facts.yaml", True), ("facts.yaml.tmp", True), ("brief.md.j2", False),
])
def test_watch_ignores_editor_scratch_files(name, scratch):
    from briefgen.watching import is_scratch_file

    assert is_scratch_file(f"/project/inputs/case/{name}") is scratch


def test_five_thousand_dated_facts_build_in_bounded_memory(project):
    import yaml

    facts = yaml.safe_load((project / FACTS).read_text())
    facts += [{"id": f"event-{i}", "text": {"en": f"Event {i} happened at the port.",
                                             "sr": f"Događaj {i} desio se u luci."},
               "date": f"{2000 + i // 365:04d}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
               "topics": ["arms"], "sources": [{"source": "paper", "credibility": 2}]}
              for i in range(5000)]
    (project / FACTS).write_text(yaml.safe_dump(facts, allow_unicode=True))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = briefgen(project, "build", timeout=600)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 0, done.stderr
    assert max(peak_kb, before) < 1_000_000  # it took 2.4 GB and crashed drawing the timeline
    with zipfile.ZipFile(project / "out/mini/eu.docx") as package:
        assert "Event 4999 happened" in package.read("word/document.xml").decode()


def test_what_a_brief_cannot_show_is_a_warning_with_the_default_parallel_build(project):
    """A template that writes a citation render never made: the build says so
    (file built, the text kept), never drops it silently."""
    template = project / "templates" / "eu" / "brief.md.j2"
    edit(template, "{% endblock %}", "\nSee {cite:99}.\n\n{% endblock %}")
    done = briefgen(project, "build")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(r"warning: \S*eu\S*: the Markdown reader cannot render `\{cite:99\}`.*"
                     r"no such citation; it is kept as text", done.stderr + done.stdout)


def test_a_template_error_in_a_later_brief_writes_nothing_with_the_default_parallel_build(built):
    """The Cyrillic brief starts only after its Latin brief is done, so the
    build has the Latin brief's new files in hand when the template fails on
    the Cyrillic one: none of them, nor the manifest, may reach out/."""
    edit(built / "templates/rs/audience.yaml", "locale: sr-Latn", "locale: [sr-Latn, sr-Cyrl]")
    assert briefgen(built, "build").returncode == 0
    before = outputs(built)
    manifest = (built / "out/.briefgen/manifest.json").read_bytes()
    template = built / "templates/rs/brief.md.j2"
    edit(template, "{% endblock %}", "Dodatak.\n\n{% if audience.locale == 'sr-Cyrl' %}"
         "{{ audience.nowhere.deeper }}{% endif %}\n{% endblock %}")
    done = briefgen(built, "build")
    assert done.returncode == 1, done.stderr
    assert "brief.md.j2:" in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert outputs(built) == before
    assert (built / "out/.briefgen/manifest.json").read_bytes() == manifest
    assert not any((built / "out/.briefgen/tmp").iterdir())


def test_a_build_that_fails_mints_no_edition(built):
    """The EU brief's new edition would be its second; its template then fails,
    so no file and no edition is written, and the fixed build mints it."""
    edit(built / "inputs/mini/facts.yaml", "held in July.", "held in mid-July.")
    template = built / "templates/eu/brief.md.j2"
    good = template.read_text(encoding="utf-8")
    edit(template, "{% endblock %}", "{{ audience.nowhere.deeper }}\n{% endblock %}")
    assert briefgen(built, "build").returncode == 1
    editions = built / "out/.briefgen/editions/mini/eu"
    assert sorted(p.name for p in editions.iterdir()) == ["1.json"]
    template.write_text(good, encoding="utf-8")
    assert briefgen(built, "build").returncode == 0
    assert sorted(p.name for p in editions.iterdir()) == ["1.json", "2.json"]
