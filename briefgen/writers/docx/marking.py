"""The handling marking (TLP or free text) as printed on every page.

FIRST TLP 2.0 prescribes coloured text on a black background; anything
that is not a TLP label is printed the same way in white, so a marking is
always recognisable as one.
"""

from __future__ import annotations

from .text import one_line
from .xml import el, text_el, val

# Label (after "TLP:") -> font colour. AMBER+STRICT shares AMBER's colour;
# WHITE is the TLP 1.0 name of CLEAR.
TLP_COLOURS = {
    "RED": "FF2B2B",
    "AMBER+STRICT": "FFC000",
    "AMBER": "FFC000",
    "GREEN": "33FF00",
    "CLEAR": "FFFFFF",
    "WHITE": "FFFFFF",
}


def marking_text(marking: str) -> str:
    return one_line(marking).strip().upper()


def marking_colour(marking: str) -> str:
    text = marking_text(marking).replace(" ", "")
    if text.startswith("TLP:"):
        label = text[4:]
        for name, colour in TLP_COLOURS.items():
            if label.startswith(name):
                return colour
    return "FFFFFF"


def marking_run(marking: str):
    """Bold capitals in the TLP colour on black shading (a w:r)."""
    rpr = el(
        "w:rPr", None,
        el("w:rFonts", {f"w:{s}": "Noto Sans" for s in ("ascii", "hAnsi", "eastAsia", "cs")}),
        el("w:b"), el("w:bCs"), el("w:caps"),
        val("w:color", marking_colour(marking)),
        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "000000"}),
    )
    # Non-breaking spaces pad the black label so the text does not touch its edge.
    return el("w:r", None, rpr, text_el(f"\u00a0{marking_text(marking)}\u00a0"))
