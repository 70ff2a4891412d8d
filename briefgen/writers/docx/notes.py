"""The footnotes part (word/footnotes.xml).

python-docx has no footnote API, so the part is built with its OPC layer:
an XmlPart holding ``w:footnotes``, related from the main document with
RT.FOOTNOTES (python-docx emits the content-type override from the part's
content type). Word requires the separator (-1) and continuation separator
(0) notes, referenced from settings.xml's ``w:footnotePr``; a real note takes
its ``Note.number`` as its id (render numbers notes, writers follow). Word
prints its own count of references, which is that number (see ``Note``).
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .xml import el, val

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)


class Footnotes:
    """Owns word/footnotes.xml, where each note is written as it is met."""

    def __init__(self, document_part, settings_element):
        self.root = parse_xml(f'<w:footnotes {nsdecls("w", "r")}>{_SEPARATORS}</w:footnotes>')
        self.part = _replace_part(document_part, self.root)
        self._numbers: set[int] = set()
        _declare_separators(settings_element)

    def new_note(self, number: int):
        """An empty w:footnote element for the note render numbered `number`."""
        if number < 1 or number in self._numbers:  # ids must be unique, -1 and 0 are taken
            raise ValueError(f"internal error: a second note numbered {number}; render "
                             "numbers each note once, from 1, in reading order")
        self._numbers.add(number)
        note = el("w:footnote", {"w:id": number})
        self.root.append(note)
        return note


def finish_note(note, text_style: str, ref_style: str) -> None:
    """Open the note's first paragraph with the auto-numbered footnoteRef.

    Word prints the note's number from this run; without it the footnote
    text shows no number at the bottom of the page.
    """
    first = note.find(qn("w:p"))
    if first is None:
        first = el("w:p")
        note.insert(0, first)
    ppr = first.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr", None, val("w:pStyle", text_style))
        first.insert(0, ppr)
    ref = el("w:r", None, el("w:rPr", None, val("w:rStyle", ref_style)), el("w:footnoteRef"))
    ppr.addnext(ref)
    # A tab (not a space) so the hanging indent of Footnote Text aligns lines.
    ref.addnext(el("w:r", None, el("w:tab")))


def reference_run(note_id: int, ref_style: str):
    """The superscript ``w:footnoteReference`` run placed in the body."""
    rpr = el("w:rPr", None, val("w:rStyle", ref_style))
    return el("w:r", None, rpr, el("w:footnoteReference", {"w:id": note_id}))


def _replace_part(document_part, root) -> XmlPart:
    """Relate a fresh footnotes part, dropping any the base document had.

    A reference document's footnotes (its sample notes, their hyperlink
    relationships) must not survive, and a document has exactly one
    footnotes part, so the old relationship is removed first.
    """
    for rId, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document_part.drop_rel(rId)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def _declare_separators(settings) -> None:
    """settings.xml's w:footnotePr names the separator notes, as Word writes it."""
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    footnote_pr = el("w:footnotePr", None,
                     el("w:footnote", {"w:id": -1}), el("w:footnote", {"w:id": 0}))
    anchor = next((child for child in settings if _follows_footnote_pr(child)), None)
    if anchor is not None:
        anchor.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


# w:settings children that the schema places after w:footnotePr.
_AFTER_FOOTNOTE_PR = {
    "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
}
_W = qn("w:x")[:-1]


def _follows_footnote_pr(child) -> bool:
    """True for elements after footnotePr: the names above, or any extension
    namespace (m:mathPr, w14:docId...), all of which sit at the end."""
    tag = child.tag if isinstance(child.tag, str) else ""
    if not tag.startswith(_W):
        return bool(tag)
    return tag[len(_W):] in _AFTER_FOOTNOTE_PR
