"""Tiny helpers for building WordprocessingML elements by hand.

python-docx covers paragraphs and runs, but footnotes, hyperlinks, fields
and numbering have no API, so the writer builds those elements directly.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def el(tag: str, attrs: Mapping[str, object] | None = None, *children):
    """A new element `tag` ("w:p") with prefixed attributes and children."""
    node = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        node.set(qn(name), str(value))
    for child in children:
        node.append(child)
    return node


def val(tag: str, value) -> object:
    """The common ``<w:x w:val="..."/>`` element."""
    return el(tag, {"w:val": value})


def text_el(text: str):
    """A ``w:t`` keeping its spaces (Word trims them otherwise)."""
    node = el("w:t")
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def set_fonts(rpr, family: str) -> None:
    """Point every script slot of ``w:rFonts`` at `family`.

    Theme attributes win over explicit names in Word, so they are removed;
    eastAsia/cs are set too so Cyrillic and complex scripts stay in family.
    """
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        # Schema order: rFonts follows rStyle and precedes everything else.
        first = rpr[0] if len(rpr) else None
        at = 1 if first is not None and first.tag == qn("w:rStyle") else 0
        rpr.insert(at, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), family)
