"""The base every DOCX starts from, prepared once per house style.

Opening the house style (or python-docx's template), adding the writer's
styles, setting up the page and stripping Word's random ids come out the
same for every brief written on one house style, and took about a third of
a DOCX's time. They are done once per process and house style; each brief
gets its own deep copy, which it may change freely. Nothing the writer adds
afterwards carries a random id, so the copy needs no stripping again.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from docx.document import Document

from .package import open_base, strip_random_ids
from .page import setup_page
from .styles import StyleIds, ensure_styles


@dataclass(frozen=True)
class Base:
    document: Document  # python-docx's: the brief's own copy
    styles: StyleIds


def fresh_base(reference: bytes | None) -> Base:
    """A copy of the prepared base for this house style (None: the writer's own).

    A reference that is not a Word document raises TemplateFailure (and is
    not remembered)."""
    prepared = _prepared(reference)
    return Base(deepcopy(prepared.document), prepared.styles)


@lru_cache(maxsize=4)  # the house styles of one build's audiences
def _prepared(reference: bytes | None) -> Base:
    own_style = reference is None
    document = open_base(reference)
    styles = ensure_styles(document.styles.element, own_style)
    setup_page(document, own_style)
    strip_random_ids(document)
    return Base(document, styles)
