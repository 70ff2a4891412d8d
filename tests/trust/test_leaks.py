"""Need-to-know, proven: every canary in tests/projects/canary appears in the
files of exactly the audiences allowed to see it — and does appear there, so
the test cannot pass vacuously."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tests.conftest import copy_project, edit

AUDIENCES = ("eu", "nato", "public")

# canary -> the audiences whose files must contain it (and no others may)
EXPECTED = {
    "CANARYOPENFACT": {"eu", "nato", "public"},
    "CANARYOPENQUOTE": {"eu", "nato", "public"},
    "CANARYOPENJUDGEMENT": {"eu", "nato", "public"},
    "CANARYOPENREC": {"eu", "nato", "public"},
    "CANARYEUFACT": {"eu"},
    "CANARYEUIMPLICATION": {"eu"},
    "CANARYEUREC": {"eu"},
    "CANARYNATOFACT": {"nato"},
    "CANARYNATOJUDGEMENT": {"nato"},
    "CANARYNATOIMPLICATION": {"nato"},
    # The restricted source: who it is, for the audiences with access ...
    "CANARYSRCTITLE": {"eu", "nato"},
    "CANARYSRCAUTHOR": {"eu", "nato"},
    "CANARYSRCOUTLET": {"eu", "nato"},
    "canarysrcurl": {"eu", "nato"},
    "CANARYLOCATOR": {"eu", "nato"},
    "CANARYSECRETQUOTE": {"eu", "nato"},
    # ... and its descriptor for the audience without.
    "CANARYDESCRIPTOR": {"public"},
    # A Zotero field briefgen never prints.
    "CANARYSRCABSTRACT": set(),
}


def docx_texts(path: Path) -> str:
    """Every part of the package (document, notes, headers, properties, rels),
    with XML tags removed so text split across runs is joined."""
    with zipfile.ZipFile(path) as package:
        parts = [package.read(name).decode("utf-8", "replace") for name in package.namelist()]
    raw = "\n".join(parts)
    return raw + "\n" + re.sub(r"<[^>]+>", "", raw)


def pdf_texts(path: Path) -> str:
    data = path.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    pieces = [str(reader.metadata or {}), _xmp(reader), _annotations(reader), _outline(reader)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pieces += [page.extract_text() or "" for page in pdf.pages]
    pieces.append(data.decode("latin-1"))  # uncompressed strings (URIs, info)
    return "\n".join(pieces)


def _xmp(reader) -> str:
    root = reader.trailer["/Root"]
    return str(root["/Metadata"].get_object().get_data()) if "/Metadata" in root else ""


def _annotations(reader) -> str:
    found = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None:
                found.append(str(action.get_object().get("/URI", "")))
    return "\n".join(found)


def _outline(reader) -> str:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return "\n".join(walk(reader.outline))


def audience_files(root: Path, audience: str) -> dict[str, str]:
    """Everything written for one audience: its outputs and its edition snapshots."""
    out = root / "out"
    texts = {f"{audience}.docx": docx_texts(out / "leaky" / f"{audience}.docx"),
             f"{audience}.pdf": pdf_texts(out / "leaky" / f"{audience}.pdf")}
    for snapshot in sorted((out / ".briefgen" / "editions" / "leaky" / audience).glob("*.json")):
        texts[f"edition {snapshot.name}"] = snapshot.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def built(tmp_path_factory):

    from briefgen.cli import main

    root = tmp_path_factory.mktemp("canary") / "canary"
    copy_project("canary", root)
    assert main(["build", "--project", str(root)]) == 0
    return root


@pytest.mark.parametrize("canary", sorted(EXPECTED))
def test_each_canary_is_exactly_where_it_is_releasable(built, canary):
    present = {audience for audience in AUDIENCES
               if any(canary in text for text in audience_files(built, audience).values())}
    assert present == EXPECTED[canary]


def test_every_output_format_carries_the_allowed_canaries(built):
    # Not vacuous per format: each allowed canary shows in both the DOCX and the PDF.
    for canary, audiences in EXPECTED.items():
        for audience in audiences:
            files = audience_files(built, audience)
            assert canary in files[f"{audience}.docx"], (canary, audience, "docx")
            assert canary in files[f"{audience}.pdf"], (canary, audience, "pdf")


def test_shared_files_hold_no_restricted_text(built):
    manifest = (built / "out" / ".briefgen" / "manifest.json").read_text()
    for canary, audiences in EXPECTED.items():
        if audiences != set(AUDIENCES):
            assert canary not in manifest
    assert all("CANARY" not in p.name.upper() for p in built.rglob("out/**/*"))


def test_removing_a_restricted_fact_is_announced_only_to_its_audience(built, tmp_path):
    import shutil

    from briefgen.cli import main

    root = tmp_path / "again"
    shutil.copytree(built, root)
    facts = root / "inputs/leaky/facts.yaml"
    text = facts.read_text()
    start = text.index("- id: eu-fact")
    end = text.index("- id: nato-fact")
    facts.write_text(text[:start] + text[end:])
    edit(root / "inputs/leaky/judgements.yaml", "basis: [open-fact, sourced-fact, eu-fact]",
         "basis: [open-fact, sourced-fact]")
    assert main(["build", "--project", str(root)]) == 0
    eu = docx_texts(root / "out/leaky/eu.docx")
    assert "Changes since edition 1" in eu and "Removed: A fact for the EU only CANARYEUFACT." in eu
    for audience in ("nato", "public"):
        files = audience_files(root, audience)
        assert not any("CANARYEUFACT" in t for t in files.values())
        assert "Changes since" not in files[f"{audience}.docx"]
