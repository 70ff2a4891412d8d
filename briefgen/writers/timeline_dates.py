"""Where a fact's text names the fact's own date, in words a timeline row
need not repeat beside its date label.

English: "in 2020", "in July 2025", "on 14 July 2025", "from 19 to 28 July
2025".  Serbian: "u 2020.", "2020. godine", "u julu 2025.", "14. jula
2025.", "od 19. do 28. jula 2025.", and a bare year right after the
auxiliary verb ("Srbija je 2020. od Kine kupila …").  Phrases that say more
than the date stay: "since 2019", "most recently in 2024", "od 2019.",
"krajem 2024.", "from January 2025".  Serbian words are matched in Latin
and Cyrillic alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.locale import to_cyrillic
from briefgen.locale.dates import EN_MONTHS, SR_MONTHS_GENITIVE, SR_MONTHS_LOCATIVE

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$")

# Serbian months in the genitive ("14. jula") and the locative ("u julu").
_SR_MONTHS = tuple(zip(SR_MONTHS_GENITIVE, SR_MONTHS_LOCATIVE, strict=True))


def _both(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for word in words for w in (word, to_cyrillic(word))))


_EN_LEADS = ("in", "on", "during")
_SR_LEADS = _both(("u", "tokom"))
_SR_AUX = _both(("je", "su", "sam", "si", "smo", "ste", "bi", "bio", "bila", "bilo"))
_SR_YEAR_WORD = _both(("godine", "godini"))
# "most recently in 2024": the adverb needs its date.
_EN_KEEP_AFTER = frozenset("recently last first again already only once twice even earlier later "
                           "previously latest".split())
# "od 1. jula": a preposition before a bare Serbian date makes it more than the date.
_SR_KEEP_AFTER = frozenset(_both((
    "od", "do", "pre", "posle", "nakon", "oko", "između", "zaključno", "sa", "s", "za", "iz", "po",
    "pred", "krajem", "početkom", "sredinom", "poslednju", "poslednji", "prvu", "prvi",
)))


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    ends_sentence: bool  # it took its sentence's full stop with it ("… u 2020.")


@dataclass(frozen=True)
class _Day:
    year: int
    month: int | None
    day: int | None


def _read(iso: str) -> _Day | None:
    m = _ISO.match(iso or "")
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        return None
    return _Day(int(m.group(1)), int(m.group(2)) if m.group(2) else None,
                int(m.group(3)) if m.group(3) else None)


def date_phrases(text: str, start: str, end: str) -> Iterator[Phrase]:
    """Phrases of `text` naming the date `start`–`end`, in text order."""
    first, last = _read(start), _read(end or start)
    if first is None:
        return
    last = last if last and last != first else None
    found = [*_english(text, first, last), *_serbian(text, first, last)]
    yield from sorted(found, key=lambda p: p.start)


# --- English ------------------------------------------------------------------------


def _en_forms(day: _Day) -> list[str]:
    if day.month is None:
        return [str(day.year)]
    month = EN_MONTHS[day.month - 1]
    if day.day is None:
        return [f"{month} {day.year}"]
    return [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}"]


def _en_start_forms(first: _Day, last: _Day) -> list[str]:
    """How an interval's start is written before "to": "19" in "from 19 to
    28 July 2025", "19 July" before "to 2 August 2025", else in full."""
    out = _en_forms(first)
    if first.year == last.year:
        out += [f.removesuffix(f" {first.year}").rstrip(",") for f in _en_forms(first)]
        if first.month == last.month and first.day and first.month:
            out.append(str(first.day))
    return out


def _english(text: str, first: _Day, last: _Day | None) -> list[Phrase]:
    if last is None:
        dates = _alternatives(_en_forms(first))
        pattern = rf"(?<![\w.])(?:{_alternatives(_EN_LEADS)})\s+(?:{dates})(?!\w)"
    else:
        starts, ends = _alternatives(_en_start_forms(first, last)), _alternatives(_en_forms(last))
        pattern = (rf"(?<![\w.])(?:from\s+(?:{starts})\s+to|between\s+(?:{starts})\s+and)"
                   rf"\s+(?:{ends})(?!\w)")
    return [Phrase(m.start(), m.end(), False) for m in re.finditer(pattern, text, re.IGNORECASE)
            if _previous_word(text, m.start()) not in _EN_KEEP_AFTER]


# --- Serbian ----------------------------------------------------------------------


def _sr_forms(day: _Day) -> list[str]:
    """The date without the year's dot: "14. jula 2025", "julu 2025", "2020"."""
    if day.month is None:
        return [str(day.year)]
    genitive, locative = _SR_MONTHS[day.month - 1]
    if day.day is None:
        return [f"{locative} {day.year}", f"{genitive} {day.year}"]
    return [f"{day.day}. {genitive} {day.year}"]


def _sr_start_forms(first: _Day, last: _Day) -> list[str]:
    """"19." in "od 19. do 28. jula 2025.", "19. jula" before "do 2. avgusta 2025."."""
    out = [f"{f}." for f in _sr_forms(first)]
    if first.year == last.year:
        out += [f.removesuffix(f" {first.year}") for f in _sr_forms(first) if first.month]
        if first.month == last.month and first.day and first.month:
            out.append(f"{first.day}.")
    return out


def _serbian(text: str, first: _Day, last: _Day | None) -> list[Phrase]:
    if last is None:
        dates = _alternatives(_sr_forms(first), scripts=True)
        lead = rf"(?P<lead>(?:{_alternatives(_SR_LEADS)})\s+)?"
    else:
        starts = _alternatives(_sr_start_forms(first, last), scripts=True)
        dates = _alternatives(_sr_forms(last), scripts=True)
        lead = rf"(?P<lead>(?:od|од)\s+(?:{starts})\s+(?:do|до)\s+)"
    year_word = _alternatives(_SR_YEAR_WORD)
    pattern = rf"(?<![\w.]){lead}(?:{dates})(?!\w)(?P<dot>\.(?P<word>\s+(?:{year_word})(?!\w))?)?"
    out = []
    for m in re.finditer(pattern, text, re.IGNORECASE):
        bare_after_aux = not m.group("lead") and _previous_word(text, m.start()) in _SR_AUX
        if m.group("lead") or bare_after_aux or _bare_date_alone(text, m, first):
            out.append(Phrase(m.start(), m.end(), _took_full_stop(text, m, bare_after_aux)))
    return out


def _bare_date_alone(text: str, m: re.Match, first: _Day) -> bool:
    """A Serbian day date ("1. jula 2024") or "2020. godine" without a
    preposition is an adverb of time; with one it says more."""
    if not (first.day or m.group("word")):
        return False
    return _previous_word(text, m.start()) not in _SR_KEEP_AFTER


def _took_full_stop(text: str, m: re.Match, bare_after_aux: bool) -> bool:
    """Whether the year's dot was also the sentence's full stop: at the end
    of the text, or before a capital where the date cannot be the middle of
    a clause ("usvojila je 2007. Rezoluciju …" is)."""
    if m.group("dot") != ".":
        return False
    before = text[: m.start()].rstrip()
    if not before or before[-1] in ".!?":  # "U junu 2025. Srbija …" opens its sentence
        return False
    rest = text[m.end():]
    return not rest.strip() or (rest[:1] == " " and rest[1:2].isupper() and not bare_after_aux)


# --- shared ----------------------------------------------------------------------------


def _alternatives(words, scripts: bool = False) -> str:
    words = _both(words) if scripts else tuple(dict.fromkeys(words))
    # Longest first, so "19. jula" is not read as "19.".
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in longest_first)


def _previous_word(text: str, at: int) -> str:
    """The word right before `at` ("" after punctuation or at the start)."""
    m = re.search(r"(\w+) $", text[:at])
    return m.group(1).lower() if m else ""
