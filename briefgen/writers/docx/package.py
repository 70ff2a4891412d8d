"""The package around the body: base document, safety, metadata, zip.

Reproducibility lives here: core properties come from the document's own
date, random revision ids are stripped, and the zip python-docx writes
(with the wall-clock time on every entry) is re-packed with fixed
timestamps, a fixed entry order and fixed compression.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from lxml import etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from ... import document as d
from .text import clipped, one_line, safe_url

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Internal relationships that carry executable or embedded foreign content.
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_ACTIVE = {
    RT.OLE_OBJECT, RT.PACKAGE, RT.CONTROL, RT.A_F_CHUNK, RT.GLOSSARY_DOCUMENT,
    _R + "subDocument", _R + "attachedTemplate", _R + "frame",
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary",
}
# Body content whose relationships die with the body of a reference document.
_BODY_CONTENT = {RT.IMAGE, RT.HYPERLINK, RT.CHART, RT.DIAGRAM_DATA, RT.DIAGRAM_LAYOUT,
                 RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS, RT.COMMENTS} | _ACTIVE


def open_base(reference: bytes | None):
    """python-docx Document on the house style, body emptied."""
    document = docx.Document(io.BytesIO(reference)) if reference else docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_package_rels(document, {RT.THUMBNAIL})
    _drop_rels(document.part, {_STYLES_WITH_EFFECTS}, referenced_ok=True)
    # The template claims its text was spell-checked; ours was not.
    settings = document.settings.element
    for node in settings.findall(qn("w:proofState")):
        settings.remove(node)
    return document


def prune(document) -> None:
    """Remove everything the writer did not put there on purpose.

    Run after rendering: stale body relationships of a reference document
    (its images, links, comments) and any macro, OLE, ActiveX, attached
    template or other external target. Only http(s) hyperlinks stay external.
    """
    _drop_rels(document.part, _BODY_CONTENT, referenced_ok=False)
    for part in document.part.package.iter_parts():
        _drop_rels(part, _ACTIVE, referenced_ok=True)
        for r_id, rel in list(part.rels.items()):
            if rel.is_external and not (rel.reltype == RT.HYPERLINK and safe_url(rel.target_ref)):
                _forget(part, r_id)
    settings = document.settings.element
    for node in settings.findall(qn("w:attachedTemplate")):
        settings.remove(node)


def _drop_rels(part, reltypes: set[str], referenced_ok: bool) -> None:
    """Drop `part`'s rels of these types (unless still referenced, if asked)."""
    used = set()
    if not referenced_ok and isinstance(part, XmlPart):
        query = "//@r:id | //@r:embed | //@r:link"
        used = set(etree.XPath(query, namespaces={"r": _R.rstrip("/")})(part.element))
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in reltypes and (referenced_ok or r_id not in used):
            _forget(part, r_id)


def _forget(part, r_id: str) -> None:
    part.rels.pop(r_id, None)
    part.rels._target_parts_by_rId.pop(r_id, None)  # no public removal API


def _drop_package_rels(document, reltypes: set[str]) -> None:
    rels = document.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(r_id)
            rels._target_parts_by_rId.pop(r_id, None)


def set_core_properties(document, meta: d.Meta, options: d.WriterOptions) -> None:
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
    props.language = clipped(one_line(meta.language), 255)
    props.keywords = clipped(one_line(", ".join(meta.keywords)), 255)
    props.revision = 1
    props.created = props.modified = document_time(meta, options)


def document_time(meta: d.Meta, options: d.WriterOptions) -> dt.datetime:
    """meta.iso_date at midnight UTC, else options.timestamp; never the clock."""
    for candidate in (meta.iso_date, options.timestamp):
        try:
            parsed = dt.datetime.fromisoformat((candidate or "").strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.timezone.utc)
        return parsed.replace(tzinfo=None)
    return dt.datetime(2000, 1, 1)


def strip_random_ids(document) -> None:
    """rsids and w14 paragraph ids differ on every Word save; drop them."""
    for part in document.part.package.iter_parts():
        if not isinstance(part, XmlPart):
            continue
        root = part.element
        for node in root.iter():
            for attr in [a for a in node.attrib if _is_random_id(a)]:
                del node.attrib[attr]
        stale = [n for n in root.iter(qn("w:rsids"), qn("w:rsid"), qn("w:rsidRoot"))]
        for node in stale:
            node.getparent().remove(node)


def _is_random_id(attr: str) -> bool:
    if attr.startswith("{" + _W14 + "}"):
        return attr.endswith("}paraId") or attr.endswith("}textId")
    return attr.rsplit("}", 1)[-1].startswith("rsid")


def save(document) -> bytes:
    raw = io.BytesIO()
    document.save(raw)
    return repack(raw.getvalue())


def repack(data: bytes) -> bytes:
    """The same entries, in a fixed order, with fixed times and compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    order = [n for n in _FIRST if n in entries] + sorted(n for n in entries if n not in _FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 0  # otherwise it records the host OS
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
