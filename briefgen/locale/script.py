"""Serbian Latin → Cyrillic, letter for letter (conventions.md, "Serbian").

Digraphs (lj, nj, dž) are matched greedily, except in the listed words where
the pair is two letters (injekcija → инјекција, nadživeti → надживети).
URLs, Admiralty grades (B2) and TLP markings stay in Latin.
"""

from __future__ import annotations

import re

_SINGLE = dict(zip(
    "abcčćdđefghijklmnoprsštuvzž",
    "абцчћдђефгхијклмнопрсштувзж",
))
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}

# Word starts where "nj" is n + j, and prefixes after which "dž" is d + ž.
_NJ_EXCEPTIONS = ("injekc", "injekt", "konjug", "konjunk", "tanjug", "vanjezičk")
_DZ_PREFIXES = ("nad", "od", "pod", "pred")

# Spans that keep their Latin form: URLs, e-mail, Admiralty grades, TLP labels.
_KEEP_LATIN = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|\bTLP:[A-Z+]+(?:\+STRICT)?|\b[A-F][1-6]\b"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def to_cyrillic(text: str) -> str:
    """Transliterate Serbian Latin text, leaving protected spans alone."""
    out: list[str] = []
    last = 0
    for match in _KEEP_LATIN.finditer(text):
        out.append(_WORD.sub(lambda m: _word(m.group()), text[last:match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_WORD.sub(lambda m: _word(m.group()), text[last:]))
    return "".join(out)


def _word(word: str) -> str:
    lower = word.lower()
    split_nj = lower.startswith(_NJ_EXCEPTIONS)
    split_dz = _dz_split_at(lower)
    result: list[str] = []
    i = 0
    while i < len(word):
        pair = lower[i:i + 2]
        if pair in _DIGRAPHS and not _is_split(pair, i, split_nj, split_dz):
            result.append(_case_like(word[i:i + 2], _DIGRAPHS[pair]))
            i += 2
            continue
        result.append(_letter(word[i]))
        i += 1
    return "".join(result)


def _dz_split_at(lower: str) -> int | None:
    for prefix in _DZ_PREFIXES:
        if lower.startswith(prefix + "ž"):
            return len(prefix) - 1
    return None


def _is_split(pair: str, i: int, split_nj: bool, split_dz: int | None) -> bool:
    if pair == "nj" and split_nj:
        return True
    return pair == "dž" and split_dz == i


def _letter(char: str) -> str:
    cyr = _SINGLE.get(char.lower())
    if cyr is None:
        return char  # q, w, x, y, punctuation, anything else stays
    return cyr.upper() if char.isupper() else cyr


def _case_like(source: str, cyr: str) -> str:
    # "Lj" and "LJ" both become "Љ"; "lj" becomes "љ".
    return cyr.upper() if source[0].isupper() else cyr
