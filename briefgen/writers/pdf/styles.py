"""Paragraph styles: Noto Serif body, Noto Sans headings and chrome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from . import fonts

INK = HexColor("#1A1A1A")
MUTED = HexColor("#555555")
ACCENT = HexColor("#1F4E79")
RULE = HexColor("#9AA5B1")
TABLE_HEAD_BG = HexColor("#E8EDF2")

BODY_SIZE = 10
NOTE_SIZE = 7.8
HEADING_SIZES = {1: 15, 2: 13, 3: 11.5, 4: 10.5, 5: 10.5, 6: 10.5}


def _style(name: str, **kw) -> ParagraphStyle:
    # Orphans/widows are decided by the footnote-aware split, so ReportLab's
    # own rules are switched off to keep the line counts predictable.
    base: dict[str, Any] = dict(
        fontName=fonts.SERIF,
        bulletFontName=fonts.SERIF,
        textColor=INK,
        allowOrphans=1,
        allowWidows=1,
        splitLongWords=1,
    )
    base.update(kw)
    size = base.setdefault("fontSize", BODY_SIZE)
    base.setdefault("leading", round(size * 1.32, 2))
    base.setdefault("bulletFontSize", size)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class StyleSet:
    """The styles one block converter uses (body text or footnote text)."""

    para: ParagraphStyle
    quote: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    caption: ParagraphStyle
    note: ParagraphStyle | None = None  # set only for footnote text


def body_styles() -> StyleSet:
    # Ragged right: easier to read in briefs, and ReportLab misplaces link
    # rectangles (note markers, URLs) in justified lines.
    para = _style("bg-body", alignment=TA_LEFT, spaceAfter=6)
    return StyleSet(
        para=para,
        quote=_style("bg-quote", fontName=fonts.SERIF_ITALIC, textColor=MUTED,
                     leftIndent=18, spaceAfter=6),
        cell=_style("bg-cell", fontSize=9, alignment=TA_LEFT),
        cell_head=_style("bg-cell-head", fontName=fonts.SANS_BOLD, fontSize=9),
        caption=_style("bg-caption", fontName=fonts.SANS, fontSize=8.5,
                       textColor=MUTED, spaceBefore=4, spaceAfter=10),
    )


def note_styles() -> StyleSet:
    # Footnote text: smaller, number hanging in the left margin of the note.
    note = _style("bg-note", fontSize=NOTE_SIZE, leftIndent=14, bulletIndent=0,
                  alignment=TA_LEFT, spaceAfter=1)
    small = dict(fontSize=NOTE_SIZE, alignment=TA_LEFT, leftIndent=14, spaceAfter=1)
    return StyleSet(
        para=note,
        quote=_style("bg-note-quote", fontName=fonts.SERIF_ITALIC,
                     **{**small, "leftIndent": 24}),
        cell=_style("bg-note-cell", fontSize=7.5),
        cell_head=_style("bg-note-cell-head", fontName=fonts.SANS_BOLD, fontSize=7.5),
        caption=_style("bg-note-caption", fontName=fonts.SANS, **small),
        note=note,
    )


def heading_style(level: int) -> ParagraphStyle:
    size = HEADING_SIZES.get(level, BODY_SIZE)
    return _style(
        f"bg-h{level}",
        fontName=fonts.SANS_BOLD if level <= 3 else fonts.SANS,
        fontSize=size,
        leading=round(size * 1.25, 2),
        textColor=ACCENT if level <= 2 else INK,
        spaceBefore=14 if level <= 2 else 10,
        spaceAfter=5,
        alignment=TA_LEFT,
    )


def title_styles() -> dict[str, ParagraphStyle]:
    return {
        "title": _style("bg-title", fontName=fonts.SANS_BOLD, fontSize=20,
                        leading=25, textColor=INK, alignment=TA_LEFT, spaceAfter=4),
        "audience": _style("bg-audience", fontName=fonts.SANS, fontSize=12.5,
                           textColor=ACCENT, alignment=TA_LEFT, spaceAfter=6),
        "metaline": _style("bg-metaline", fontName=fonts.SANS, fontSize=9,
                           textColor=MUTED, alignment=TA_LEFT, spaceAfter=4),
    }
