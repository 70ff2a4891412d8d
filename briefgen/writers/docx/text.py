"""Making arbitrary Python strings safe for WordprocessingML.

Text nodes may carry anything a source fed us. XML 1.0 cannot hold C0
controls (other than tab, LF, CR), U+FFFE/U+FFFF or lone surrogates, and
lxml refuses them outright, so they are repaired here, once, before any
string reaches an element. Everything else (RTL, combining marks, emoji,
very long words) passes through untouched.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Controls XML 1.0 forbids; tab/LF/CR are legal and handled by the callers.
_ILLEGAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters a relationship Target may carry unescaped (RFC 3986).
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def xml_safe(text: str) -> str:
    """`text` with XML-illegal characters dropped or replaced by U+FFFD."""
    text = _SURROGATES.sub("\ufffd", text)
    return _ILLEGAL_CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """XML-safe text on a single line (metadata, headers, image labels)."""
    text = xml_safe(text).replace("\r\n", " ")
    return re.sub("[\t\n\r]", " ", text)


def clipped(text: str, limit: int) -> str:
    """At most `limit` characters: core properties cap strings at 255."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def safe_url(url: str) -> str | None:
    """The URL ready for a relationship Target, or None unless http(s).

    Hyperlinks are the only external relationships the writer creates, so
    this is the gate that keeps javascript:, file:, data: and friends out.
    """
    candidate = one_line(url).strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:  # e.g. a malformed IPv6 netloc
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode spaces and non-ASCII so the Target is a valid URI.
    return quote(candidate, safe=_URI_SAFE)
