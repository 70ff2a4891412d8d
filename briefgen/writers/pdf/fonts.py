"""Register the bundled Noto fonts with ReportLab, once per process.

Only these TrueType files are ever used, so every font in the PDF is an
embedded subset with a ToUnicode map (no standard-14 fallbacks).
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files

SERIF = "BriefgenSerif"
SERIF_BOLD = "BriefgenSerif-Bold"
SERIF_ITALIC = "BriefgenSerif-Italic"
SERIF_BOLD_ITALIC = "BriefgenSerif-BoldItalic"
SANS = "BriefgenSans"
SANS_BOLD = "BriefgenSans-Bold"

_FILES = {
    SERIF: "NotoSerif-Regular.ttf",
    SERIF_BOLD: "NotoSerif-Bold.ttf",
    SERIF_ITALIC: "NotoSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "NotoSerif-BoldItalic.ttf",
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Load the TTFs and declare the families so <b>/<i> markup resolves."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = files("briefgen") / "fonts"
        for name, filename in _FILES.items():
            # as_file: the package might be zipped; TTFont needs a real path.
            with as_file(folder / filename) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        _map_family(addMapping, SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)
        # No sans italic is bundled: italic sans falls back to upright rather
        # than to a standard-14 font.
        _map_family(addMapping, SANS, SANS_BOLD, SANS, SANS_BOLD)
        _registered = True


def _map_family(add_mapping, regular, bold, italic, bold_italic) -> None:
    for face in (regular, bold, italic, bold_italic):
        # Map every member, so <b> inside a bold heading still finds a face.
        add_mapping(face, 0, 0, regular)
        add_mapping(face, 1, 0, bold)
        add_mapping(face, 0, 1, italic)
        add_mapping(face, 1, 1, bold_italic)
