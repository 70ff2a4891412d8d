"""Inline model nodes -> ReportLab paragraph mini-markup, safely.

ReportLab parses its own XML-ish markup, so every piece of user text is
sanitised (no lone surrogates, no control characters, no glyphs the bundled
fonts lack) and XML-escaped before it is placed between our own tags.

``clean`` is the whole contract (the property tests in tests/trust hold the
PDF text layer to it): tabs and line/page breaks become spaces; a lone
surrogate becomes U+FFFD; other controls (Cc) and bidi embedding, override
and isolate controls are dropped; a whitespace character the fonts lack
becomes a space, an invisible format mark they lack (Cf, Zl, Zp) is dropped,
and any other character they lack becomes U+FFFD. ReportLab itself treats a
soft hyphen (U+00AD) as a hyphenation point (invisible, or a hyphen at the
end of a line) and a zero-width space (U+200B) as a space it may break at.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from briefgen.document import Code, Emph, LineBreak, Link, Note, Strong, Text, walk
from briefgen.warnings import not_handled

from . import fonts

LINK_COLOR = "#1F4E79"
REPLACEMENT = "\ufffd"
# Embedding/override/isolate controls: ReportLab lays text out left to right
# and never applies them, but text extraction would, scrambling the copy.
_BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Line and page breaks inside a text are only spaces on a page (the controls
# among them would otherwise be dropped, gluing two words together).
_WHITESPACE = dict.fromkeys("\t\n\r\x0b\x0c\x85\u2028\u2029", " ")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Code points every bundled face can draw (they share one repertoire).

    A code point the cmap sends to glyph 0 (.notdef; Noto maps U+FFFF there)
    has no real glyph and is not covered.
    """
    from .reportlab_adapter import font_glyphs

    fonts.register_fonts()
    maps = [font_glyphs(n) for n in (fonts.SERIF, fonts.SANS)]
    common = {c for c, glyph in maps[0].items() if glyph}
    for glyphs in maps[1:]:
        common &= {c for c, glyph in glyphs.items() if glyph}
    return frozenset(common)


@lru_cache(maxsize=1)
def _needs_cleaning():
    """A pattern finding any character ``clean`` would change: nearly every
    text has none, and one regular-expression search (in C) says so."""
    import re

    keep = sorted(c for c in _covered() if not (
        0xD800 <= c <= 0xDFFF or c in _BIDI_CONTROLS or chr(c) in _WHITESPACE
        or unicodedata.category(chr(c)) == "Cc"))
    ranges: list[list[int]] = []
    for code in keep:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    allowed = "".join(_range_class(low, high) for low, high in ranges)
    return re.compile(f"[^{allowed}]")


def _range_class(low: int, high: int) -> str:
    import re

    return re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"


def warm_up() -> None:
    """Read the fonts' repertoire now (a build does, before forking workers)."""
    _needs_cleaning()


def clean(text: str) -> str:
    """Text a ReportLab font can draw and a PDF text layer can carry."""
    if not _needs_cleaning().search(text):
        return text
    covered = _covered()
    out: list[str] = []
    for ch in text:
        ch = _WHITESPACE.get(ch, ch)
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            out.append(REPLACEMENT)  # lone surrogate: not encodable at all
        elif code in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            continue  # NUL etc. (the font maps even those) and bidi overrides
        elif code in covered:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")  # a space the fonts lack (U+3000...) is still a space
        elif unicodedata.category(ch) in ("Cf", "Zl", "Zp"):
            continue  # invisible format marks the fonts lack
        else:
            # Missing glyph (emoji, CJK, Hebrew, Arabic...): show that
            # something is there instead of a silent blank gap.
            out.append(REPLACEMENT)
    return "".join(out)


def esc(text: str) -> str:
    """Sanitised and escaped for use as paragraph text."""
    return escape(clean(text))


def safe_url(url: str) -> str | None:
    """The URL if it may become a clickable link (http/https only)."""
    url = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def note_anchor(number: int) -> str:
    """Named destination of a footnote's text (its marker links there)."""
    return f"bg-note-{int(number)}"


def note_target(number: int) -> str:
    """The link target of a note's marker (how footnotes.py finds its line)."""
    return f"#{note_anchor(number)}"


def note_numbers(nodes) -> tuple[int, ...]:
    """The notes whose markers ``inline_markup(nodes)`` prints, in order
    (not the notes cited inside those notes: they are printed in the note)."""
    return tuple(int(node.number) for node in walk(nodes, into_notes=False)
                 if isinstance(node, Note))


def inline_markup(nodes, in_link: bool = False) -> str:
    """Paragraph markup for a run of inlines; notes become superscripts
    linked to their text (see ``note_numbers`` for which)."""
    return "".join(_node(n, in_link) for n in nodes)


def _node(node, in_link: bool) -> str:
    if isinstance(node, Text):
        return esc(node.text)
    if isinstance(node, Emph):
        return f"<i>{inline_markup(node.children, in_link)}</i>"
    if isinstance(node, Strong):
        return f"<b>{inline_markup(node.children, in_link)}</b>"
    if isinstance(node, Code):
        return f'<font name="{fonts.SANS}">{esc(node.text)}</font>'
    if isinstance(node, Link):
        return _link(node, in_link)
    if isinstance(node, LineBreak):
        return "<br/>"
    if isinstance(node, Note):
        return _marker(int(node.number))
    raise not_handled("PDF writer", node)


def _marker(number: int) -> str:
    # The marker jumps to the note text, inside a web link too (ReportLab
    # nests the two links); footnotes.py finds the marker's line by it.
    return f'<a href="{note_target(number)}"><super>{number}</super></a>'


def _link(node: Link, in_link: bool) -> str:
    url = None if in_link else safe_url(node.url)  # web links do not nest
    inner = inline_markup(node.children, in_link or url is not None)
    if url is None:
        return inner  # non-web links are printed, never made clickable
    href = escape(url, {'"': "&quot;"})
    return f'<a href="{href}" color="{LINK_COLOR}">{inner}</a>'
