"""The package around the body: base document, safety, zip.

The base is python-docx's template or the house style (reference.docx),
body emptied; a reference that is not a Word document is a TemplateFailure
naming the problem, never a traceback. Only its styles, numbering, theme,
font table, settings and page set-up are used: its body content, comments,
commenters, custom XML and package metadata go (metadata: properties.py).

Reproducibility lives here: random revision ids are stripped, and the
package is zipped with fixed timestamps, a fixed entry order and fixed
compression (python-docx's own save stamps every entry with the clock).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from lxml import etree

from ...errors import Diagnostic, Location, TemplateFailure
from .text import safe_url

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
_MS = "http://schemas.microsoft.com/office/"
_BODY_CONTENT = {RT.IMAGE, RT.HYPERLINK, RT.CHART, RT.DIAGRAM_DATA, RT.DIAGRAM_LAYOUT,
                 RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS, RT.COMMENTS,
                 # The commenters' names and accounts, and comment threading.
                 _MS + "2011/relationships/people", _MS + "2011/relationships/commentsExtended",
                 _MS + "2016/09/relationships/commentsIds",
                 _MS + "2018/08/relationships/commentsExtensible"} | _ACTIVE
# Custom XML: bibliography sources, SharePoint and content-type properties.
_REFERENCE_DATA = {_STYLES_WITH_EFFECTS, RT.CUSTOM_XML}
# The first bytes of an OLE compound file: a Word 97-2003 .doc, or a .docx
# Word encrypted with a password.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_base(reference: bytes | None):
    """python-docx Document on the house style, body emptied."""
    document = docx.Document() if reference is None else _open_reference(reference)
    # Both are optional in a valid DOCX; the page set-up needs them.
    body = document.element.get_or_add_body()
    body.get_or_add_sectPr()
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_rels(document.part, _REFERENCE_DATA, referenced_ok=True)
    # The template claims its text was spell-checked; ours was not.
    settings = document.settings.element
    for node in settings.findall(qn("w:proofState")):
        settings.remove(node)
    return document


def _open_reference(data: bytes):
    """The house style, or a TemplateFailure saying why it cannot be one."""
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # whatever python-docx trips on, the file is the cause
        message = (f"the house style reference.docx is not a Word document "
                   f"({_why_unreadable(data, exc)}); save it from Word or remove it")
        # The writer is given bytes, not a path: the file name is all it knows.
        where = Location(Path("reference.docx"))
        raise TemplateFailure(Diagnostic("error", message, where)) from exc


def _why_unreadable(data: bytes, exc: Exception) -> str:
    if not data:
        return "the file is empty"
    if data.startswith(_OLE):
        return "it is an old .doc file, or a password-protected one"
    if isinstance(exc, zipfile.BadZipFile):
        return "it is not a zip archive, as every .docx is"
    if isinstance(exc, KeyError):
        return "it is a zip archive with no Word document inside"
    if isinstance(exc, etree.XMLSyntaxError):
        return "part of its XML is damaged"
    if "content type" in str(exc):
        return "it is a template, macro-enabled or other Office file, not a .docx"
    return f"python-docx cannot read it: {type(exc).__name__}"


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


# rsid* attributes in any namespace, and w14's paragraph and text ids: found by
# lxml in C instead of testing each attribute of each element in Python.
_RANDOM_ID_ATTRIBUTES = etree.XPath(
    "//@*[starts-with(local-name(), 'rsid')] | //@w14:paraId | //@w14:textId",
    namespaces={"w14": _W14})


def strip_random_ids(document) -> None:
    """rsids and w14 paragraph ids differ on every Word save; drop them."""
    for part in document.part.package.iter_parts():
        if not isinstance(part, XmlPart):
            continue
        root = part.element
        for value in _RANDOM_ID_ATTRIBUTES(root):
            del value.getparent().attrib[value.attrname]
        stale = [n for n in root.iter(qn("w:rsids"), qn("w:rsid"), qn("w:rsidRoot"))]
        for node in stale:
            node.getparent().remove(node)


def save(document) -> bytes:
    """The package as a reproducible zip, compressed once."""
    return zipped(package_entries(document))


def package_entries(document) -> dict[str, bytes]:
    """Each zip entry python-docx would write, by name, without its zip.

    ``OpcPackage.save`` would write them into a zip stamped with the clock,
    which would have to be unpacked and packed again; its own PackageWriter
    steps are given a writer that only collects. The writer tests read every
    DOCX back with python-docx, LibreOffice and pandoc, so a python-docx
    release that changes these steps fails them."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    collected = _Collected()
    writer = cast(PhysPkgWriter, collected)  # the one method these steps call
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    return collected.entries


class _Collected:
    """python-docx's physical package writer interface, keeping the entries."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob


def zipped(entries: dict[str, bytes]) -> bytes:
    """The entries in a fixed order, with fixed times and compression."""
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
