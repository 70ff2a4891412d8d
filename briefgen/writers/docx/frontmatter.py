"""The title block at the top of the first page, built from Meta."""

from __future__ import annotations

from ... import document as d
from .blocks import new_paragraph
from .marking import marking_run
from .text import one_line
from .xml import el, text_el

SEPARATOR = "  \u00b7  "  # middle dot between the meta items


def write_title_block(body, meta: d.Meta, styles) -> None:
    _simple(body, styles["Title"], meta.title)
    if one_line(meta.audience).strip():
        _simple(body, styles["Subtitle"], meta.audience)
    items = [one_line(x).strip() for x in (meta.date, meta.author)]
    items.append(f"{one_line(meta.edition_label).strip()} {meta.edition}".strip())
    p = new_paragraph(body, styles["BriefingMeta"])
    p.append(el("w:r", None, text_el(SEPARATOR.join(i for i in items if i))))
    if one_line(meta.marking).strip():
        p.append(el("w:r", None, text_el(SEPARATOR)))
        p.append(marking_run(meta.marking))


def _simple(body, style_id: str, text: str) -> None:
    p = new_paragraph(body, style_id)
    p.append(el("w:r", None, text_el(one_line(text))))
