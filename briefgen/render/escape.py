"""Keep input text literal through Markdown.

Every value a template prints is escaped unless it is ``Markup`` (marked
safe by the template or made by one of our helpers). Input strings are
``Literal``: their ``__html__`` is the Markdown escape, so even Jinja's own
autoescape paths (``join``, ``~`` with markup) escape them for Markdown.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from .script import keep_script

_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# Our citation markers and the placeholder for notes live in the private use
# area; an input may not forge them.
_PRIVATE = re.compile(r"[\ue000-\ue0ff]")


def md_escape(value, at_line_start: bool = True) -> str:
    """Text that Markdown renders exactly as written, on one line.

    ``at_line_start=False`` for pieces known to follow other text on the line
    (a label's words after a value), whose leading blank is meaningful."""
    text = _PRIVATE.sub("\ufffd", str(value))
    text = _LINE_BREAKS.sub(" ", text)
    # Leading blanks would make a value printed at the start of a line an
    # indented code block; they carry no meaning in a briefing.
    text = text.replace("\t", " ")
    text = text.lstrip(" ") if at_line_start else text
    return _PUNCTUATION.sub(r"\\\1", text)


class Literal(str):
    """An input string: always printed escaped."""

    __slots__ = ()

    def __html__(self) -> str:
        return md_escape(self)


def finalize(value):
    """Jinja ``finalize``: everything printed becomes escaped Markup."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(md_escape(value))


class Foreign(Literal):
    """An input string that keeps its script (a source's name or title)."""

    __slots__ = ()

    def __html__(self) -> str:
        return keep_script(md_escape(self))
