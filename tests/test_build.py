"""`briefgen build` end to end on the shipped case, read back by real clients:
python-docx's XML, pandoc, LibreOffice, pdfplumber/pypdf."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from briefgen import document as d
from briefgen.jobs import fitted_brief
from briefgen.plan import load_checked_case
from briefgen.project import find_project
from tests.conftest import REPO
from tests.reading import all_text, note_links

CASE = "china-serbia-exercise-2025"
AUDIENCES = ("eu-policy", "nato-security", "rs-domestic")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A copy of the shipped project, built once for the module."""
    root = tmp_path_factory.mktemp("shipped")
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    from briefgen.cli import main

    assert main(["build", "--project", str(root)]) == 0
    project = find_project(root)
    case = load_checked_case(project, CASE)
    models = {a: fitted_brief(project, case, case.audiences[a]).rendered.document
              for a in AUDIENCES}
    return root, models


def out(root: Path, audience: str, fmt: str) -> Path:
    return root / "out" / CASE / f"{audience}.{fmt}"


def model_notes(document) -> list[str]:
    return [all_text(n.blocks) for n in d.iter_notes(document.blocks)]


def docx_footnotes(path: Path) -> tuple[list[str], dict[str, str]]:
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    refs = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    texts = {}
    for note in notes.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator"):
            continue
        texts[note.get(f"{W}id")] = "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
    return refs, texts


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_docx_footnote_reference_has_its_citation(shipped, audience):
    root, models = shipped
    refs, texts = docx_footnotes(out(root, audience, "docx"))
    expected = model_notes(models[audience])
    assert len(refs) == len(expected) > 10
    assert [texts[r] for r in refs] == expected


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pandoc_reads_back_the_same_notes(shipped, audience):
    root, models = shipped
    done = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(out(root, audience, "docx"))],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.count('"t":"Note"') == len(model_notes(models[audience]))


def test_libreoffice_converts_every_docx_with_footnotes(shipped, tmp_path):
    root, models = shipped
    files = [str(out(root, a, "docx")) for a in AUDIENCES]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *files],
                   capture_output=True, timeout=300, check=True)
    for audience in AUDIENCES:
        converted = tmp_path / f"{audience}.pdf"
        text = _squash(subprocess.run(["pdftotext", str(converted), "-"], capture_output=True,
                                      text=True, check=True).stdout)
        for note in model_notes(models[audience]):
            assert _squash(note)[:40] in text, note


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_notes_sit_on_the_page_of_their_marker(shipped, audience):
    root, models = shipped
    data = out(root, audience, "pdf").read_bytes()
    notes = model_notes(models[audience])
    links = note_links(data)
    assert sorted(links) == list(range(1, len(notes) + 1))
    with pdfplumber.open(out(root, audience, "pdf")) as pdf:
        assert len(pdf.pages) >= 2
        pages = [_squash(p.extract_text() or "") for p in pdf.pages]
    for number, [(page, _top, target, _y)] in links.items():
        assert target == page, f"note {number} links to another page"
        assert _squash(notes[number - 1])[:40] in pages[page], f"note {number} not on its page"


def test_serbian_letters_survive_into_the_pdf_text(shipped):
    root, _ = shipped
    with pdfplumber.open(out(root, "rs-domestic", "pdf")) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    for letter in "čćđšž":
        assert letter in text


@pytest.mark.parametrize("audience", AUDIENCES)
def test_marking_on_every_page(shipped, audience):
    root, models = shipped
    marking = models[audience].meta.marking
    with pdfplumber.open(out(root, audience, "pdf")) as pdf:
        for page in pdf.pages:
            assert (page.extract_text() or "").count(marking) >= 2  # header and footer


def test_audiences_differ_in_more_than_title(shipped):
    _, models = shipped
    headings = {a: [d.plain_text(b.children) for b in m.blocks if isinstance(b, d.Heading)]
                for a, m in models.items()}
    assert headings["eu-policy"] != headings["nato-security"]
    assert "Ključne procene" in headings["rs-domestic"]
    assert "Implications for EU policy" in headings["eu-policy"]
    assert "Reporting" in headings["nato-security"]


def test_restricted_items_stay_out_of_the_serbian_brief(shipped):
    root, _ = shipped
    with zipfile.ZipFile(out(root, "rs-domestic", "docx")) as package:
        xml = package.read("word/document.xml").decode()
    assert "Analytic note" not in xml  # the fact releasable only to [eu, nato]
    editions = root / "out" / ".briefgen" / "editions" / CASE
    assert "chinese-observers" in (editions / "nato-security" / "1.json").read_text()
    assert "chinese-observers" not in (editions / "rs-domestic" / "1.json").read_text()


def test_build_json_summary_and_narrowing(tmp_path, cli):
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    result = cli("build", "--project", tmp_path, "--audience", "eu-policy", "--format", "pdf",
                 "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert [(b["audience"], b["format"]) for b in payload["built"]] == [("eu-policy", "pdf")]
    assert sorted(p.name for p in (tmp_path / "out" / CASE).iterdir()) == ["eu-policy.pdf"]


def test_build_refuses_bad_input_and_writes_nothing(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    text = (root / "inputs/mini/judgements.yaml").read_text()
    (root / "inputs/mini/judgements.yaml").write_text(text.replace("likely", "likly", 1))
    result = cli("build")
    assert result.code == 1
    assert "inputs/mini/judgements.yaml:3:15: error:" in result.err
    assert not (root / "out" / "mini").exists()


def test_unknown_audience_or_format_is_a_usage_error(project_copy, cli, monkeypatch):
    monkeypatch.chdir(project_copy("basic"))
    assert "(did you mean `eu`?)" in cli("build", "--audience", "euu").err
    assert cli("build", "--format", "odt").code == 2


def test_missing_language_fails_unless_a_fallback_is_named(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    facts = root / "inputs/mini/facts.yaml"
    text = facts.read_text()
    facts.write_text(text.replace("sr: Sistem je stigao 2020.", "de: x"))
    refused = cli("build")
    assert refused.code == 1
    assert "fact `year-b` has no text for locale sr-Latn" in refused.err
    assert not (root / "out" / "mini").exists()
    assert cli("build", "--fallback-language", "en").code == 0
    from tests.test_incremental import _docx_text

    assert "The system arrived in 2020." in _docx_text(root / "out/mini/rs.docx")
