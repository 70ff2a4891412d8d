"""Page setup and the running header and footer.

The page is A4 with the writer's margins, or the house style's where it
sets them: a reference document may leave out the page size or margins
(pandoc's has an empty w:sectPr), and each missing value falls back to the
writer's own. Header and footer carry the marking right-aligned; the footer
also has "Page N of M" built from real PAGE / NUMPAGES fields so every
client computes it.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm

from ... import document as d
from .marking import marking_run
from .text import clipped, one_line
from .xml import el, text_el, val

A4 = (Mm(210), Mm(297))
MARGINS = {
    "left_margin": Cm(2.0), "right_margin": Cm(2.0), "top_margin": Cm(2.2),
    "bottom_margin": Cm(2.0), "header_distance": Cm(1.1), "footer_distance": Cm(1.1),
    "gutter": Emu(0),  # w:pgMar requires all seven attributes once it exists
}
MIN_TEXT = 1440  # twips; what is left between absurd margins still holds a picture


def setup_page(document, own_style: bool):
    """The writer's page, or the house style's with any gaps filled.

    Returns the (last and, after the body is cleared, only) section.
    """
    section = document.sections[-1]
    for name, default in _defaults(section).items():
        if own_style or _length(section, name) is None:
            setattr(section, name, default)
    # One header and footer for all pages: a marking must be on every page,
    # so a reference document's first-page and even-page variants go.
    section.different_first_page_header_footer = False
    section.first_page_header.is_linked_to_previous = True
    section.first_page_footer.is_linked_to_previous = True
    section.even_page_header.is_linked_to_previous = True
    section.even_page_footer.is_linked_to_previous = True
    document.settings.odd_and_even_pages_header_footer = False
    return section


def _defaults(section) -> dict:
    """A4 (turned if the house style asks for landscape) and MARGINS."""
    width, height = A4
    if section.orientation == WD_ORIENT.LANDSCAPE:
        width, height = height, width
    return {"page_width": width, "page_height": height, **MARGINS}


def _length(section, name: str):
    """The section's value, None when absent or unreadable (not a number)."""
    try:
        return getattr(section, name)
    except ValueError:
        return None


def text_size(section) -> tuple[int, int]:
    """(width, height) in twips between the margins.

    A negative top or bottom margin is Word's "exactly this much, even if
    the header is taller", so its size counts; and margins wider than the
    page must not yield a negative picture size.
    """
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - abs(section.top_margin) - abs(section.bottom_margin)
    return max(Emu(width).twips, MIN_TEXT), max(Emu(height).twips, MIN_TEXT)


def write_header_footer(section, meta: d.Meta, styles, text_width: int) -> None:
    header, footer = _fresh(section.header), _fresh(section.footer)
    title = clipped(one_line(meta.title), 80)
    header.append(_line(styles["Header"], text_width, [_plain(title, "595959")], meta.marking))
    numbers = [
        _plain(f"{one_line(meta.page_label)} "), *_field("PAGE", "1"),
        _plain(f" {one_line(meta.of_label)} "), *_field("NUMPAGES", "1"),
    ]
    footer.append(_line(styles["Footer"], text_width, numbers, meta.marking))


def _fresh(story):
    """A new, empty header/footer part, even if the base document had one,
    so no stale content or relationships of the reference survive."""
    story.is_linked_to_previous = True
    story.is_linked_to_previous = False
    root = story._element  # w:hdr / w:ftr: python-docx offers no public handle
    for child in list(root):
        root.remove(child)
    return root


def _line(style_id: str, text_width: int, left_runs, marking: str):
    """Left-hand runs, then the marking on a right tab stop at the margin."""
    tabs = el("w:tabs", None, el("w:tab", {"w:val": "right", "w:pos": text_width}))
    p = el("w:p", None, el("w:pPr", None, val("w:pStyle", style_id), tabs))
    p.extend(left_runs)
    if one_line(marking).strip():
        p.append(el("w:r", None, el("w:tab")))
        p.append(marking_run(marking))
    return p


def _plain(text: str, colour: str | None = None):
    rpr = el("w:rPr", None, val("w:color", colour)) if colour else None
    return el("w:r", None, *([rpr] if rpr is not None else []), text_el(text))


def _field(instruction: str, placeholder: str):
    """A complex field (begin / instr / separate / result / end)."""
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(qn("xml:space"), "preserve")
    return [
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})),
        el("w:r", None, instr),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})),
        el("w:r", None, text_el(placeholder)),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"})),
    ]
