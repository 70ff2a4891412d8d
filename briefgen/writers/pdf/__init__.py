"""PDF writer: ``write(document, options) -> bytes``.

Noto fonts embedded, footnotes at the foot of the page that references
them, outline from headings, reproducible bytes (ReportLab invariant mode).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from briefgen import document as d
from briefgen.document import Document, WriterOptions, iter_notes
from briefgen.warnings import renderable

__all__ = ["write", "layout", "Layout", "SUPPORTED"]

# The node types this writer renders (today the whole model: blocks.Converter.block
# draws the blocks, markup.inline_markup the inlines); warnings.unrendered
# reports any other. Declared here, not there: importing the package loads no
# ReportLab.
SUPPORTED = d.NODE_TYPES


@dataclass(frozen=True)
class Layout:
    """A laid-out PDF: how many pages it fills and, when asked, its bytes
    (written only then: most layouts of a page-budget search are discarded)."""

    pages: int
    pages_used: float  # whole pages before the last, plus how full the last is
    finish: Callable[[], bytes] = field(repr=False, compare=False)

    @cached_property
    def data(self) -> bytes:
        return self.finish()


def write(document: Document, options: WriterOptions) -> bytes:
    """Render the document as A4 PDF and return its bytes."""
    return layout(document, options).data


def layout(document: Document, options: WriterOptions) -> Layout:
    """Render the document as A4 PDF, reporting its page count (for page budgets)."""
    from .fonts import register_fonts

    register_fonts()  # before any style or paragraph measures text
    from .blocks import Converter, link_headings, note_flowables
    from .footnotes import NoteRegistry, NotesFlush
    from .page import FRAME_W, BriefCanvas, BriefDocTemplate, pdf_date
    from .styles import body_styles
    from .titleblock import title_block

    document = renderable(document, SUPPORTED)  # the rest: warnings.writer_warnings
    meta = document.meta
    registry = NoteRegistry(*note_flowables(iter_notes(document.blocks), FRAME_W))
    story = title_block(meta)
    story += link_headings(Converter(body_styles(), FRAME_W, outline=True).blocks(document.blocks))
    story.append(NotesFlush())

    buffer = io.BytesIO()
    doc = BriefDocTemplate(buffer, meta, registry, **_info(meta))
    date = pdf_date(meta.iso_date, options.timestamp)
    canvases: list = []
    doc.build(story, canvasmaker=lambda *a, **kw: _remember(
        canvases, _canvas(BriefCanvas, date, *a, deferred=True, **kw)))
    pages = doc.page  # pages begun and ended; a deferred canvas has turned none yet
    return Layout(pages, doc.pages_used, partial(_finished, canvases[-1:], buffer))


def _finished(canvases: list, buffer: io.BytesIO) -> bytes:
    for canv in canvases:  # the one that built the pages
        canv.finish()
    return buffer.getvalue()


def _remember(seen: list, canv):
    seen.append(canv)
    return canv


def _canvas(cls, date: str, *args, **kw):
    canv = cls(*args, creation_date=date, **kw)
    canv.showOutline()  # open the bookmarks panel: headings are the map
    return canv


def _info(meta) -> dict:
    """Document properties (Info dictionary, catalog language)."""
    from .markup import clean

    return dict(
        title=clean(meta.title),
        author=clean(meta.author),
        subject=clean(meta.subject or meta.audience),
        keywords=[clean(k) for k in meta.keywords],
        creator="briefgen",
        producer="briefgen",
        lang=clean(meta.language) or None,
        displayDocTitle=1,
    )
