"""The user without briefgen: Markdown → pandoc (DOCX), pandoc → Typst (PDF),
or LibreOffice converting the DOCX to PDF, one document at a time.

The peers get the same text and footnotes as briefgen: their Markdown is
briefgen's own rendered document written by ``briefgen.writers.markdown``,
made once, outside any timed region. ``verify`` then checks, untimed, that
every peer document has as many notes as briefgen's.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .measure import run_child

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "briefgen" / "fonts"
MAIN_FONT = "Noto Serif"  # briefgen's body font, shipped in briefgen/fonts

# The typst package has no command-line tool: a user's script compiles with it.
TYPST_COMPILE = ("import sys, typst; "
                 "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:])")


@dataclass(frozen=True)
class Tools:
    pandoc: str | None
    pandoc_version: str
    typst_version: str | None  # the typst Python package, if installed
    soffice: str | None
    soffice_version: str

    def describe(self) -> dict[str, str]:
        return {"pandoc": self.pandoc_version,
                "Typst": f"typst (PyPI) {self.typst_version}" if self.typst_version
                else "not installed (pip install -e '.[bench]')",
                "LibreOffice": self.soffice_version}


def find_tools() -> Tools:
    pandoc, pandoc_version = _pandoc()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return Tools(pandoc, pandoc_version, _package_version("typst"), soffice,
                 _first_line([soffice, "--version"]) if soffice else "not installed")


def _pandoc() -> tuple[str | None, str]:
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
        return path, f"pandoc {pypandoc.get_pandoc_version()} (pypandoc-binary)"
    except (ImportError, OSError):
        path = shutil.which("pandoc")  # without the bench extra: the system's
        return path, (_first_line([path, "--version"]) + " (system; pypandoc-binary "
                      "not installed)") if path else "not installed"


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _first_line(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return (done.stdout.strip().splitlines() or ["unknown"])[0]


@dataclass(frozen=True)
class PeerDocument:
    audience: str
    markdown: Path
    notes: int  # footnotes in briefgen's rendered document


def write_markdown(project_root: Path, case_id: str, folder: Path) -> list[PeerDocument]:
    """Render each audience of the case with briefgen and write it as Pandoc
    Markdown: the peers' input, with briefgen's exact text and notes."""
    from briefgen import document as d
    from briefgen.build import fitted_brief, load_checked_case
    from briefgen.project import find_project
    from briefgen.writers.markdown import write

    folder.mkdir(parents=True, exist_ok=True)
    project = find_project(project_root)
    case = load_checked_case(project, case_id)
    documents = []
    for audience in case.readers():  # each audience in each of its locales
        document = fitted_brief(project, case, audience).rendered.document
        name = audience.id + (f".{audience.variant}" if audience.variant else "")
        path = folder / f"{name}.md"
        path.write_bytes(write(document))
        notes = sum(1 for _ in d.iter_notes(document.blocks))
        documents.append(PeerDocument(name, path, notes))
    return documents


# The commands each route runs for one document, timed by the caller.

def pandoc_docx(tools: Tools, doc: PeerDocument, out: Path) -> list[str]:
    return [tools.pandoc, "-f", "markdown", "-t", "docx", "-o",
            str(out / f"{doc.audience}.docx"), str(doc.markdown)]


def pandoc_typst_pdf(tools: Tools, doc: PeerDocument, out: Path) -> tuple[list[str], list[str]]:
    """Two processes: pandoc writes Typst source, then Typst typesets the PDF."""
    typ = out / f"{doc.audience}.typ"
    return ([tools.pandoc, "-f", "markdown", "-t", "typst", "-s", "-V", f"mainfont={MAIN_FONT}",
             "-o", str(typ), str(doc.markdown)],
            [sys.executable, "-c", TYPST_COMPILE, str(typ), str(out / f"{doc.audience}.pdf"),
             str(FONTS)])


def libreoffice_pdf(tools: Tools, profile: Path, docx: Path, out: Path) -> list[str]:
    return [tools.soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(docx)]


def warm_libreoffice(tools: Tools, profile: Path, docx: Path, scratch: Path) -> None:
    """The first start creates the private profile (slow, once per user): not timed."""
    run_child(libreoffice_pdf(tools, profile, docx, scratch), timeout=600)


# Equivalence, checked after timing: never part of a measurement.

def pandoc_notes(tools: Tools, docx: Path) -> int:
    done = subprocess.run([tools.pandoc, "-f", "docx", "-t", "json", str(docx)],
                          capture_output=True, text=True, timeout=300, check=True)
    return _count_notes(json.loads(done.stdout)["blocks"])


def _count_notes(node) -> int:
    if isinstance(node, dict):
        own = 1 if node.get("t") == "Note" else 0
        return own + sum(_count_notes(v) for v in node.values())
    if isinstance(node, list):
        return sum(_count_notes(v) for v in node)
    return 0


def typst_notes(typ: Path) -> int:
    return typ.read_text(encoding="utf-8").count("#footnote[")


def verify(tools: Tools, docs: list[PeerDocument], docx_dir: Path | None,
           typst_dir: Path | None, briefgen_dir: Path | None) -> list[str]:
    """One line per document checked; AssertionError if a note count differs."""
    lines = []
    for doc in docs:
        found = {"briefgen DOCX read by pandoc": _maybe(pandoc_notes, tools, briefgen_dir,
                                                         f"{doc.audience}.docx"),
                 "pandoc DOCX read by pandoc": _maybe(pandoc_notes, tools, docx_dir,
                                                      f"{doc.audience}.docx"),
                 "Typst source": _maybe(lambda _, p: typst_notes(p), tools, typst_dir,
                                        f"{doc.audience}.typ")}
        found = {k: v for k, v in found.items() if v is not None}
        wrong = {k: v for k, v in found.items() if v != doc.notes}
        assert not wrong, f"{doc.audience}: briefgen has {doc.notes} notes, but {wrong}"
        counts = ", ".join(f"{k} {v}" for k, v in found.items())
        lines.append(f"{doc.audience}: {doc.notes} notes in briefgen's document; {counts}")
    return lines


def _maybe(count, tools: Tools, folder: Path | None, name: str) -> int | None:
    if folder is None or not (folder / name).is_file():
        return None
    return count(tools, folder / name)
