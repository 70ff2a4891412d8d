"""DOCX writer: Document -> .docx bytes with real Word footnotes.

The body is built with python-docx plus hand-made WordprocessingML where
python-docx has no API (footnotes, hyperlinks, numbering, fields). The
output is reproducible: same Document, same bytes. A house style
(options.reference_docx) lends its styles and page set-up only: the
language, properties and content are always the brief's own.
"""

from __future__ import annotations

from ... import document as d
from ...document import Document, WriterOptions
from ...warnings import renderable
from .base import fresh_base
from .blocks import render_blocks
from .context import Context
from .frontmatter import write_title_block
from .language import set_language
from .notes import Footnotes
from .numbering import Numbering
from .package import prune, save
from .page import text_size, write_header_footer
from .properties import set_properties
from .text import one_line

__all__ = ["write", "SUPPORTED"]

# The node types this writer renders (today the whole model: blocks.render_block
# draws the blocks, inlines.render_inlines the inlines); warnings.unrendered
# reports any other.
SUPPORTED = d.NODE_TYPES


def write(document: Document, options: WriterOptions) -> bytes:
    """The DOCX for `document`; no file I/O apart from bundled fonts."""
    document = renderable(document, SUPPORTED)  # the rest: warnings.writer_warnings
    prepared = fresh_base(options.reference_docx)
    base, styles = prepared.document, prepared.styles
    language = one_line(document.meta.language).strip() or "en-GB"
    section = base.sections[-1]  # the only one: the body was emptied
    width, height = text_size(section)
    write_header_footer(section, document.meta, styles, width)
    ctx = Context(
        part=base.part, styles=styles, numbering=Numbering(base.part),
        footnotes=Footnotes(base.part, base.settings.element),
        text_width=width, text_height=height,
    )
    body = base.element.body
    write_title_block(body, document.meta, styles)
    render_blocks(body, document.blocks, ctx)
    set_language(base, language)  # last: it relabels every part, new ones too
    set_properties(base, document.meta, language, options)
    prune(base)
    return save(base)
