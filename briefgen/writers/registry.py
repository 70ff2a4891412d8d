"""The output formats: for each, its writer, its file suffix, and what its
bytes depend on beyond the document.

The build asks this table instead of testing format names, and records each
target's own inputs, so a change to one writer's inputs (the DOCX house
style, the DOCX writer's code) makes only that writer's files outdated.

A writer's package (``writers/<format>/``) is one of its own inputs and is
left out of the hash of the rest of briefgen (``manifest.code_version``).
Writers are imported on their first write: `check`, `--help` and no-op
builds never load one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from ..freshness import reference_docx_path
from ..manifest import file_hash, fonts_hash, package_hash
from ..model import Project

if TYPE_CHECKING:
    from ..document import Document, WriterOptions
    from .pdf import Layout

WriteFunction = Callable[["Document", "WriterOptions"], bytes]


@dataclass(frozen=True)
class Input:
    """Something beyond the document that a writer's bytes depend on."""

    label: str  # how `build -v` names it: "<label> changed"
    digest: Callable[[Project, str], str]  # (project, audience id) -> content hash


@dataclass(frozen=True)
class Writer:
    format: str  # the name `--format` takes
    suffix: str  # of the files it writes
    write: WriteFunction
    inputs: tuple[Input, ...]


def _imported_on_first_write(module: str) -> WriteFunction:
    def write(document: Document, options: WriterOptions) -> bytes:
        function: WriteFunction = import_module(module).write
        return function(document, options)

    return write


def _house_style(project: Project, audience_id: str) -> str:
    reference = reference_docx_path(project, project.templates / audience_id)
    return file_hash(reference) if reference else "none"


def _code(folder: str, name: str) -> Input:
    return Input(f"{name} writer code", lambda _project, _audience: package_hash(folder))


FONTS = Input("fonts", lambda _project, _audience: fonts_hash())
HOUSE_STYLE = Input("house style (reference.docx)", _house_style)

# The page budget is measured on this format's layout (fitting.py), and its
# file is the layout that fitted.
BUDGET_FORMAT = "pdf"


def budget_layout(document: Document, options: WriterOptions) -> Layout:
    """The document laid out in BUDGET_FORMAT: its bytes and the pages it fills."""
    from .pdf import layout

    return layout(document, options)


def budget_layouts_of(brief: object) -> None:
    """The budget layouts from now on are of ``brief`` (any key naming it):
    they may share work with each other, not with another brief's."""
    from .pdf.footnotes import share_lines_within

    share_lines_within(brief)


_PDF_INPUTS = (FONTS, _code("writers/pdf", "PDF"))

WRITERS: dict[str, Writer] = {
    "docx": Writer("docx", ".docx", _imported_on_first_write("briefgen.writers.docx"),
                   # What a DOCX carries is what fitted the budget on the PDF.
                   (HOUSE_STYLE, _code("writers/docx", "DOCX"), *_PDF_INPUTS)),
    "pdf": Writer("pdf", ".pdf", _imported_on_first_write("briefgen.writers.pdf"), _PDF_INPUTS),
}
FORMATS = tuple(WRITERS)


def writer(fmt: str) -> Writer:
    return WRITERS[fmt]


def format_of(file_name: str) -> str:
    """The format whose files are named like ``file_name`` (`eu.sr-Cyrl.pdf` -> pdf)."""
    for found in WRITERS.values():
        if file_name.endswith(found.suffix):
            return found.format
    raise ValueError(f"no writer writes {file_name!r}")
