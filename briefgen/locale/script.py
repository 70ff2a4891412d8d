"""Serbian Latin → Cyrillic, letter for letter (conventions.md, "Serbian").

Digraphs (lj, nj, dž) are matched greedily, except where the pair is two
letters: ``nj`` inside the listed stems (injekcija → инјекција, also
izvanjezički → изванјезички) and ``dž`` at the start of the listed prefixed
stems (nadživeti → надживети, while odžak → оџак keeps its digraph).

What is not Serbian stays in Latin script, found by these rules:

- URLs, e-mail addresses and TLP labels (TLP:AMBER+STRICT);
- words with a letter outside the Serbian alphabet (q, w, x, y, ü, é …),
  and a run of capitalised words that contains such a word ("RKS News");
- designations mixing letters and digits (B2, F-16, CH-92A, S-300), an
  all-capitals acronym followed by a number (ICD 203, STANAG 2511) and
  Admiralty grade ranges (A–F);
- every ``latin_terms`` entry the case lists ("Peace Guardian 2025").

A number that Serbian writes as an ordinal or with a case ending is not a
designation: "u SAD 2024. godine" and "1990-ih" are transliterated.

Everything else, including capitalised words and acronyms written with
Serbian letters only (NATO, EU, Vučić), is transliterated.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

Span = tuple[int, int]

_SINGLE = dict(zip(
    "abcčćdđefghijklmnoprsštuvzžǆǉǌ",  # ǆ ǉ ǌ: the one-character digraphs
    "абцчћдђефгхијклмнопрсштувзжџљњ", strict=True,
))
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}

# Stems in which "nj" is n + j, matched anywhere in the word, so prefixed
# forms are covered too (neinjektiran, izvanjezički). Sorted.
_NJ_SPLIT_STEMS = ("injekc", "injekt", "konjug", "konjunk", "tanjug", "vanjezičk")

# Word starts where "dž" is d + ž: the prefix nad-, od-, pod- or pred- before
# a stem in ž (Pravopis: nadživeti, podžeći, predželudac). An explicit list,
# because the same letters start real digraph words: odžak, Odžaci, nadžak.
# Sorted; each line names a word it is for.
_DZ_SPLIT_STEMS = (
    "nadživ",    # nadživeti, nadživljavati
    "nadžnj",    # nadžnjeti
    "nadžup",    # nadžupan
    "odžal",     # odžaliti
    "odživ",     # odživeti, odživljavati
    "odžvak",    # odžvakati
    "podžanr",   # podžanr
    "podžar",    # podžariti, podžarivati
    "podžeć",    # podžeći
    "podžel",    # podželudačni
    "podžig",    # podžigati, podžigač
    "podživ",    # podživeti
    "podžnj",    # podžnjeti
    "podžup",    # podžupan
    "predžel",   # predželudac
    "predžetv",  # predžetveni
    "predživ",   # predživot
)

# URLs, e-mail addresses, TLP labels and single Admiralty grades (B2).
_KEEP_LATIN = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|\bTLP:[A-Z+]+(?:\+STRICT)?|\b[A-F][1-6]\b"
)
# Admiralty grade ranges: "A–F", "B-C" (en dash or hyphen, no spaces).
_GRADE_RANGE = re.compile(r"(?<!\w)[A-F][-–][A-F](?!\w)")
# Letters and digits joined by hyphens or slashes: F-16, CH-92A, AN/TPS-77.
_COMPOUND = re.compile(r"(?<!\w)[^\W_]+(?:[-/][^\W_]+)*")
# A number with a Serbian case ending is Serbian: 1990-ih, 10-godišnji.
_NUMBER_SUFFIX = re.compile(r"\d+-[^\W\d_]+")
# An all-capitals acronym, one space, a number: ICD 203, STANAG 2511.
_ACRONYM_NUMBER = re.compile(r"(?<![\w-])[A-Z]{2,} (\d+)(?!\w)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEXT_VISIBLE = re.compile(r"\s*(\S?)")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A word for the foreign-letter rules: letters, apostrophes inside (Byrne's).
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Lower-case words that may sit inside a foreign name between capitalised
# words ("Institute for the Study of War"); none is a Serbian word.
_NAME_CONNECTORS = frozenset({"and", "at", "de", "der", "for", "in", "of", "the", "van", "von"})
_SERBIAN_ONLY = frozenset("čćđšžČĆĐŠŽ")
# What may stand between a sentence end and its first word.
_SENTENCE_OPENERS = " \t\u00a0„“”\"'‘’‚«»(["


def to_cyrillic(text: str, latin_terms: tuple[str, ...] | list[str] = ()) -> str:
    """Transliterate Serbian Latin text, leaving what is not Serbian in Latin.

    ``latin_terms`` are names the case wants kept in Latin although they are
    spelled with Serbian letters; they match whole words, case-sensitively.
    """
    terms = (latin_terms,) if isinstance(latin_terms, str) else tuple(latin_terms)
    return _cached(text, terms)


@functools.lru_cache(maxsize=32_768)
def _cached(text: str, terms: tuple[str, ...]) -> str:
    # A brief laid out several times for its page budget meets the same texts
    # again; transliterating each once keeps the Cyrillic brief as fast as the Latin.
    out: list[str] = []
    last = 0
    for start, end in _latin_spans(text, terms):
        out.append(_transliterate(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(_transliterate(text[last:]))
    return "".join(out)


def _transliterate(chunk: str) -> str:
    """Word by word, so the digraph exceptions can look at the whole word."""
    return _WORD.sub(lambda m: _word(m.group()), chunk)


# --- what stays Latin --------------------------------------------------------


def _latin_spans(text: str, terms: tuple[str, ...]) -> list[Span]:
    """Every span any rule keeps in Latin, merged and in order."""
    spans: list[Span] = [m.span() for m in _KEEP_LATIN.finditer(text)]
    spans += [m.span() for m in _GRADE_RANGE.finditer(text)]
    spans += _designation_spans(text)
    spans += _acronym_number_spans(text)
    spans += _foreign_word_spans(text)
    spans += _foreign_name_spans(text)
    pattern = _terms_pattern(terms)
    if pattern is not None:
        spans += [m.span() for m in pattern.finditer(text)]
    return _merge(spans)


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans become one, so no word is cut in two."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif start < end:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for the case's latin terms: whole words, longest first."""
    unique = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    if not unique:
        return None
    alternatives = "|".join(re.escape(t) for t in unique)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _designation_spans(text: str) -> Iterator[Span]:
    """Tokens mixing letters and digits (F-16, Mi-35, CH-92A, B2)."""
    for match in _COMPOUND.finditer(text):
        token = match.group()
        if not any(c.isdigit() for c in token) or not any(c.isalpha() for c in token):
            continue
        if _NUMBER_SUFFIX.fullmatch(token) and token.split("-", 1)[1].islower():
            continue  # a number with a Serbian ending: 1990-ih, 10-godišnji
        yield match.span()


def _acronym_number_spans(text: str) -> Iterator[Span]:
    """"ICD 203", "STANAG 2511" — unless the number is a Serbian ordinal.

    Serbian writes ordinals and years with a dot ("u SAD 2024. godine",
    "SAD 2. jula"), so there the acronym is an ordinary word.
    """
    for match in _ACRONYM_NUMBER.finditer(text):
        if not _is_ordinal(text, match.end(), match.group(1)):
            yield match.span()


def _is_ordinal(text: str, end: int, number: str) -> bool:
    """A dot after a year, or before a lower-case word, makes an ordinal."""
    if not text.startswith(".", end):
        return False
    found = _NEXT_VISIBLE.match(text, end + 1)
    following = found.group(1) if found else ""
    return _YEAR.fullmatch(number) is not None or following.islower()


def _foreign_word_spans(text: str) -> Iterator[Span]:
    """Single words with a letter the Serbian alphabet lacks (News, Kyiv)."""
    for match in _NAME_WORD.finditer(text):
        if _has_foreign_letter(match.group()):
            yield match.span()


def _has_foreign_letter(word: str) -> bool:
    """Whether the word has a letter Serbian Latin does not use (conventions.md)."""
    return any(_is_foreign_letter(c) for c in word)


def _is_foreign_letter(char: str) -> bool:
    # Latin letters only: Cyrillic (already transliterated text) is not foreign.
    if not char.isalpha() or char.lower() in _SINGLE:
        return False
    return unicodedata.name(char, "").startswith("LATIN")


def _foreign_name_spans(text: str) -> Iterator[Span]:
    """A run of capitalised words with one foreign word stays Latin whole.

    "RKS News" is a name; "RKS" alone would be transliterated.
    """
    for run in _capitalised_runs(text):
        run = _trim_run(text, run)
        if len(run) > 1 and any(_has_foreign_letter(m.group()) for m in run):
            yield run[0].start(), run[-1].end()


def _capitalised_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Capitalised words one space apart, connectors ("of") allowed inside.

    A word with a Serbian-only letter (č ć đ š ž) ends the run: it is a
    Serbian word next to the name, not part of it.
    """
    run: list[re.Match[str]] = []
    for match in _NAME_WORD.finditer(text):
        word = match.group()
        adjacent = bool(run) and text[run[-1].end():match.start()] in (" ", "\u00a0")
        joins = word[0].isupper() or (adjacent and word in _NAME_CONNECTORS)
        if joins and not _SERBIAN_ONLY.intersection(word):
            if not adjacent and run:
                yield run
                run = []
            run.append(match)
        elif run:
            yield run
            run = []
    if run:
        yield run


def _trim_run(text: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop connectors at the ends and a sentence's capitalised first word.

    "Prema RKS News, …": "Prema" is capitalised only because it opens the
    sentence, so it is not part of the name (see ``_name_like``).
    """
    run = _strip_connectors(run)
    if run and _at_sentence_start(text, run[0].start()) and not _name_like(run):
        run = _strip_connectors(run[1:])
    return run


def _strip_connectors(run: list[re.Match[str]]) -> list[re.Match[str]]:
    """A name neither starts nor ends with "of" or "the"."""
    start, end = 0, len(run)
    while start < end and run[start].group() in _NAME_CONNECTORS:
        start += 1
    while end > start and run[end - 1].group() in _NAME_CONNECTORS:
        end -= 1
    return run[start:end]


def _at_sentence_start(text: str, pos: int) -> bool:
    """Whether only quotes and spaces stand between a sentence end and pos.

    A colon does not count: after it Serbian writes lower case, so a capital
    there marks a name ("Izvor: Balkan Wolf").
    """
    i = pos
    while i > 0 and text[i - 1] in _SENTENCE_OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?…\n"


def _name_like(run: list[re.Match[str]]) -> bool:
    """Whether a run's first word is part of the name even opening a sentence.

    An acronym (RKS), a foreign word (Wolf) or a word a connector follows
    ("Institute for …") is; an ordinary capitalised word (Prema) is not.
    """
    word = run[0].group()
    if (len(word) > 1 and word.isupper()) or _has_foreign_letter(word):
        return True
    return len(run) > 1 and run[1].group() in _NAME_CONNECTORS


# --- letter for letter -------------------------------------------------------


@functools.lru_cache(maxsize=32_768)  # a brief repeats its words across its texts
def _word(word: str) -> str:
    """One word of Serbian Latin, digraphs greedy except at split points."""
    lower = word.lower()
    split = _split_points(lower)
    result: list[str] = []
    i = 0
    while i < len(word):
        pair = lower[i:i + 2]
        if pair in _DIGRAPHS and i not in split:
            result.append(_case_like(word[i:i + 2], _DIGRAPHS[pair]))
            i += 2
            continue
        result.append(_letter(word[i]))
        i += 1
    return "".join(result)


def _split_points(lower: str) -> frozenset[int]:
    """Indices where "nj" or "dž" is two letters, not one (conventions.md)."""
    points: set[int] = set()
    for stem in _NJ_SPLIT_STEMS:
        start = lower.find(stem)
        while start != -1:
            points.add(start + stem.index("nj"))
            start = lower.find(stem, start + 1)
    for stem in _DZ_SPLIT_STEMS:
        if lower.startswith(stem):
            points.add(stem.index("dž"))
    return frozenset(points)


def _letter(char: str) -> str:
    """One letter; "char != lower" also treats title-case ǅ ǈ ǋ as capitals."""
    cyr = _SINGLE.get(char.lower())
    if cyr is None:
        return char  # foreign letters, digits, punctuation, Cyrillic stay
    return cyr.upper() if char != char.lower() else cyr


def _case_like(source: str, cyr: str) -> str:
    # "Lj" and "LJ" both become "Љ"; "lj" becomes "љ".
    return cyr.upper() if source[0].isupper() else cyr
