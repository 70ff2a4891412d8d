"""Package metadata: the brief's own, never the house style's.

A reference.docx lends its styles and page set-up, nothing else. Its core
properties (title, author, revision, dates...), app.xml (company, manager,
template, word counts) and custom properties would otherwise travel into
every brief and tell readers who made the template, where and when. So the
package-level relationships are rebuilt: the main document, core
properties written from Meta, and a minimal app.xml naming briefgen.
Dropping a relationship drops its part and, since python-docx writes
[Content_Types].xml from the parts it saves, its content-type override too.
"""

from __future__ import annotations

import datetime as dt

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ... import document as d
from .text import clipped, one_line

# Package relationships that survive; custom properties, thumbnails,
# signatures and the reference's app.xml do not.
_KEEP = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES}

APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties '
    b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>briefgen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def set_properties(document, meta: d.Meta, language: str, options: d.WriterOptions) -> None:
    """Core and app properties of the brief; no other package-level part."""
    package = document.part.package
    rels = package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype not in _KEEP:
            rels.pop(r_id)
            rels._target_parts_by_rId.pop(r_id, None)  # no public removal API
    _set_core(document, meta, language, options)
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)


def _set_core(document, meta: d.Meta, language: str, options: d.WriterOptions) -> None:
    """Metadata from the brief itself; nothing of the reference's survives."""
    props = document.core_properties
    root = document.part.package._core_properties_part.element
    for child in list(root):
        root.remove(child)
    author = clipped(one_line(meta.author), 255)
    props.title = clipped(one_line(meta.title), 255)
    props.subject = clipped(one_line(meta.subject or meta.audience), 255)
    props.author = author
    props.last_modified_by = author
    props.language = clipped(language, 255)  # the same tag as the text's w:lang
    props.keywords = clipped(one_line(", ".join(meta.keywords)), 255)
    props.revision = 1
    props.created = props.modified = document_time(meta, options)


def document_time(meta: d.Meta, options: d.WriterOptions) -> dt.datetime:
    """options.timestamp (SOURCE_DATE_EPOCH or the as-of date, set by the build),
    else meta.iso_date at midnight UTC; never the clock."""
    for candidate in (options.timestamp, meta.iso_date):
        try:
            parsed = dt.datetime.fromisoformat((candidate or "").strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC)
        return parsed.replace(tzinfo=None)
    return dt.datetime(2000, 1, 1)
