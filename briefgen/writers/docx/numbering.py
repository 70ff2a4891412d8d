"""Real Word list numbering (numbering.xml).

Two abstract definitions are added, one bulleted and one decimal, each with
nine levels; every list in the document gets its own ``w:num`` instance so
an ordered list restarts at its own ``start`` instead of continuing the
previous list's count. Nesting depth becomes ``w:ilvl``.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from .xml import el, val

_BULLETS = ("\u2022", "\u25e6", "\u25aa")  # • ◦ ▪, repeating by level
LEVELS = 9
STEP = 425  # twips of indent per level (0.75 cm)
HANGING = 360


def indent_left(ilvl: int) -> int:
    """Left indent (twips) of text at list level `ilvl`."""
    return STEP * (ilvl + 1)


class Numbering:
    """Allocates list instances in the document's numbering part."""

    def __init__(self, document_part):
        self._root = _numbering_root(document_part)
        self._abstract: dict[bool, int] = {}
        self._next_num = 1 + _max_id(self._root, "w:num", "w:numId")

    def new_list(self, ordered: bool, start: int, ilvl: int) -> int:
        """A fresh numId for one list; ordered lists restart at `start`."""
        abstract_id = self._abstract_id(ordered)
        num_id, self._next_num = self._next_num, self._next_num + 1
        num = el("w:num", {"w:numId": num_id}, val("w:abstractNumId", abstract_id))
        if ordered:
            override = el("w:lvlOverride", {"w:ilvl": ilvl}, val("w:startOverride", max(0, start)))
            num.append(override)
        cleanup = self._root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self._root.append(num)
        return num_id

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract:
            new_id = 1 + _max_id(self._root, "w:abstractNum", "w:abstractNumId")
            abstract = _abstract_num(new_id, ordered)
            # Schema order: numPicBullet*, abstractNum*, num*.
            anchor = (self._root.findall(qn("w:abstractNum"))
                      or self._root.findall(qn("w:numPicBullet")))
            if anchor:
                anchor[-1].addnext(abstract)
            else:
                self._root.insert(0, abstract)
            self._abstract[ordered] = new_id
        return self._abstract[ordered]


def _numbering_root(document_part):
    """The w:numbering element, creating the part if the base lacks one.

    python-docx's NumberingPart.new() is unimplemented, so the part is
    built here from an empty root.
    """
    try:
        return document_part.part_related_by(RT.NUMBERING).element
    except KeyError:
        root = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, root, document_part.package
        )
        document_part.relate_to(part, RT.NUMBERING)
        return root


def _max_id(root, tag: str, attr: str) -> int:
    ids = [int(n.get(qn(attr))) for n in root.findall(qn(tag)) if (n.get(qn(attr)) or "").isdigit()]
    return max(ids, default=0)


def _abstract_num(abstract_id: int, ordered: bool):
    abstract = el("w:abstractNum", {"w:abstractNumId": abstract_id},
                  val("w:multiLevelType", "multilevel"))
    for ilvl in range(LEVELS):
        abstract.append(_level(ilvl, ordered))
    return abstract


def _level(ilvl: int, ordered: bool):
    fmt, text = ("decimal", f"%{ilvl + 1}.") if ordered else ("bullet", _BULLETS[ilvl % 3])
    level = el(
        "w:lvl", {"w:ilvl": ilvl},
        val("w:start", 1), val("w:numFmt", fmt), val("w:lvlText", text), val("w:lvlJc", "left"),
        el("w:pPr", None, el("w:ind", {"w:left": indent_left(ilvl), "w:hanging": HANGING})),
    )
    if not ordered:
        # The bullet glyphs exist in Noto Sans; without this Word uses Symbol.
        fonts = el("w:rFonts", {f"w:{s}": "Noto Sans" for s in ("ascii", "hAnsi", "cs")})
        level.append(el("w:rPr", None, fonts))
    return level
