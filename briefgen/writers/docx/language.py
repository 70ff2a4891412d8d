"""The brief's language, wherever the package names one.

A house style carries its author's language (en-US in pandoc's and
python-docx's templates) in the document defaults, in some styles and in
settings.xml's theme font language. Left alone it would mark a Serbian
brief as American English for spelling, hyphenation and screen readers,
so every w:lang/@w:val becomes meta.language. Only w:val is the text's
language; w:eastAsia and w:bidi (East Asian and right-to-left text) keep
the house style's choice, except in the document defaults, which say the
same whether or not there is a house style.
"""

from __future__ import annotations

from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from .xml import el

# w:rPr children that come after w:lang in the schema's sequence.
_AFTER_LANG = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"), qn("w:rPrChange")}


def set_language(document, language: str) -> None:
    """Document defaults, every style and part, and the theme font language."""
    _defaults(document.styles.element, language)
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            for node in part.element.iter(qn("w:lang"), qn("w:themeFontLang")):
                node.set(qn("w:val"), language)


def _defaults(styles_root, language: str) -> None:
    """w:docDefaults' run language, created if the house style has none."""
    rpr = _default_rpr(styles_root)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = el("w:lang")
        later = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if later is not None:
            later.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    if lang.get(qn("w:bidi")) is None:
        lang.set(qn("w:bidi"), "ar-SA")  # what Word writes when nothing is chosen


def _default_rpr(styles_root):
    """docDefaults/rPrDefault/rPr, each made where missing."""
    defaults = _first_child(styles_root, "w:docDefaults")
    return _first_child(_first_child(defaults, "w:rPrDefault"), "w:rPr")


def _first_child(parent, tag: str):
    """The child `tag`, inserted first if missing: each of these three
    comes first in its parent's schema sequence."""
    node = parent.find(qn(tag))
    if node is None:
        node = el(tag)
        parent.insert(0, node)
    return node
