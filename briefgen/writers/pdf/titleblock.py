"""The title block at the head of page one, from document metadata."""

from __future__ import annotations

from reportlab.platypus.flowables import HRFlowable

from briefgen.document import Meta

from . import styles
from .markup import esc
from .page import marking_colour


def title_block(meta: Meta) -> list:
    from reportlab.platypus import Paragraph

    st = styles.title_styles()
    out: list = [Paragraph(esc(meta.title), st["title"])]
    if meta.audience:
        out.append(Paragraph(esc(meta.audience), st["audience"]))
    line = _meta_line(meta)
    if line:
        out.append(Paragraph(line, st["metaline"]))
    out.append(HRFlowable(width="100%", thickness=0.8, color=styles.ACCENT,
                          spaceBefore=2, spaceAfter=12))
    return out


def _meta_line(meta: Meta) -> str:
    """date · author · Edition N · MARKING (marking in its TLP colours)."""
    parts = [esc(p) for p in (meta.date, meta.author) if p.strip()]
    parts.append(esc(f"{meta.edition_label} {meta.edition}"))
    if meta.marking.strip():
        marking = esc(" ".join(meta.marking.upper().split()))
        colour = marking_colour(" ".join(meta.marking.upper().split())).hexval()[2:]
        parts.append(f'<font color="#{colour}" backColor="#000000">'
                     f'<b>\u00a0{marking}\u00a0</b></font>')
    return " \u00b7 ".join(parts)
