"""The short form of a timeline entry: what a fact says, in a sentence.

A timeline row shows a fact beside its date, so the entry is the fact's
first sentence, without the phrase that repeats the date the row already
shows ("… from China in 2020." → "… from China.").  A sentence still long
is cut at its last clause break that leaves a whole clause ("; ", ", and
…", " – …"), never inside a quotation and never with an ellipsis; without
such a break the sentence stays whole.

English and Serbian, Latin or Cyrillic: Cyrillic briefs are transliterated
before the writers see them, so every Serbian word below is matched in
both scripts.  The two languages' phrases do not overlap, so no language
needs to be given.
"""

from __future__ import annotations

import re

from briefgen.locale import to_cyrillic

from .timeline_dates import date_phrases

LIMIT = 160  # characters: longer first sentences are cut at a clause break
MIN_CLAUSE = 40  # a cut leaves at least this much: a clause, not a stub


def _both_scripts(words) -> frozenset[str]:
    return frozenset(w for word in words for w in (word, to_cyrillic(word)))


# Words a sentence does not end after: "U.S.", "No. 5", "tzv. crna taktika".
_ABBREVIATIONS = _both_scripts((
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "vs", "etc", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "para", "paras",
    "tzv", "npr", "br", "tj", "itd", "sl", "dr", "god", "mil", "mlrd", "str", "čl", "gdin", "gđa",
))
# Words that open a clause after a comma ("…, while China …").
_CONJUNCTIONS = _both_scripts((
    "and", "but", "or", "nor", "yet", "so", "while", "whereas", "although", "though", "because",
    "a", "ali", "i", "ili", "pa", "te", "dok", "jer", "iako", "mada", "odnosno",
))
# Words that open a clause depending on what came before ("…, which …").
_RELATIVES = _both_scripts((
    "which", "who", "whom", "whose", "where", "when", "as", "with", "since", "after", "before",
    "koji", "koja", "koje", "koju", "kojoj", "kojim", "kojima", "kojih", "kojem", "kome", "što",
    "čime", "gde", "kada", "kad", "kao", "uz", "posle", "nakon",
))
_PARTICIPLE = ("ing", "ed", "ći", "ћи", "vši", "вши")
_SENTENCE_END = re.compile(r"[.!?]")
_OPENING = "“„«\"‘("
_CLOSING = "”“»\""


def short_form(text: str, start: str, end: str, limit: int = LIMIT) -> str:
    """The entry for a fact dated `start`–`end` (ISO, partial allowed)."""
    text = " ".join(text.split())
    sentence = first_sentence(without_date(text, start, end))
    return clause(sentence, limit) if len(sentence) > limit else sentence


# --- the date the row already shows ---------------------------------------------


def without_date(text: str, start: str, end: str) -> str:
    """`text` without its first phrase naming the event's own date.

    Left alone when that would leave next to nothing ("In 2020.").
    """
    for phrase in date_phrases(text, start, end):
        shorter = _cut(text, phrase.start, phrase.end, phrase.ends_sentence)
        if len(re.sub(r"\W", "", shorter)) >= 12:
            return shorter
        break
    return text


def _cut(text: str, at: int, to: int, ends_sentence: bool) -> str:
    """`text` without text[at:to], its punctuation and capitals mended."""
    before, after = text[:at].rstrip(" "), text[to:].lstrip(" ")
    if ends_sentence and after[:1] not in (".", "!", "?"):
        after = "." + (" " if after else "") + after
    if not before or before[-1] in ".!?":  # the phrase opened a sentence
        after = after.lstrip(",;: ")
        after = after[:1].upper() + after[1:]
        return f"{before} {after}".strip()
    if before.endswith(",") and after[:1] in (",", ".", ";", ":"):
        before = before[:-1]  # ", in May 2024, the …" and "…, in 2024."
    if not after or after[0] in ".,;:!?)”“»":
        return before + after
    return f"{before} {after}"


# --- the first sentence -------------------------------------------------------------


def first_sentence(text: str) -> str:
    """Up to the first full stop, question or exclamation mark that ends a
    sentence: outside quotation marks (or closing one: “… militaries.”),
    not after an abbreviation, an initial or a number (Serbian dates and
    ordinals carry a dot: "14. jula", "2022. Srbija je …"), and followed by
    a capital or an opening quotation mark."""
    free = outside_quotes(text)
    for match in _SENTENCE_END.finditer(text):
        at = match.start()
        end = at + 1 if free[at] else _past_closing_quotes(text, at + 1, free)
        if end is not None and _ends_sentence(text, at, end):
            return text[:end]
    return text


def _past_closing_quotes(text: str, at: int, free: list[bool]) -> int | None:
    """Where the quotation closing right after a stop inside it ends, or
    None if the stop is not at the end of the quotation."""
    end = at
    while end < len(text) and text[end] in _CLOSING and not free[end]:
        end += 1
    quoted_on = end < len(text) and not free[end]
    return None if end == at or quoted_on else end


def outside_quotes(text: str) -> list[bool]:
    """For each character: True outside quotation marks (the marks themselves
    count as inside).  “…” and "…" in English, „…“ (or „…”) in Serbian, «…»;
    an unclosed quotation runs to the end, so nothing after it is cut."""
    free: list[bool] = []
    stack: list[str] = []
    for ch in text:
        top = stack[-1] if stack else ""
        if ch in "”»" and stack or (ch == "“" and top == "„") or (ch == '"' and top == '"'):
            stack.pop()
            free.append(False)
        elif ch in "“„«\"":
            stack.append(ch)
            free.append(False)
        else:
            free.append(not stack)
    return free


def _ends_sentence(text: str, at: int, end: int) -> bool:
    rest = text[end:]
    if not rest:
        return True
    if not rest.startswith(" ") or len(rest) < 2 or not (rest[1].isupper() or rest[1] in _OPENING):
        return False
    if text[at] != ".":
        return True
    word = re.search(r"(\S+)$", text[:at])
    token = word.group(1).lstrip("(“„«\"'") if word else ""
    if not token or token[-1].isdigit():
        return False
    if len(token) == 1 or "." in token:  # an initial, or "U.S"
        return False
    return token.lower() not in _ABBREVIATIONS


# --- a clause when the sentence is long -----------------------------------------------


def clause(sentence: str, limit: int = LIMIT) -> str:
    """The sentence up to its last clause break within `limit` characters
    (else its first), ended with a full stop; the whole sentence if it has
    no break leaving a clause of MIN_CLAUSE characters."""
    breaks = [at for at in clause_breaks(sentence) if at >= MIN_CLAUSE]
    if not breaks:
        return sentence
    fitting = [at for at in breaks if at < limit]
    head = sentence[: (fitting or breaks)[-1 if fitting else 0]].rstrip(" ,;:–—")
    return head if head[-1:] in ".!?" else head + "."


def clause_breaks(sentence: str) -> list[int]:
    """Where a clause may be cut off, outside quotation marks: before ";",
    before ", " and a conjunction ("…, while China …"), before a dash
    opening an aside (" – …"; one closing it would leave the aside open).
    A relative clause or a participle ("…, which …", "…, supported by …")
    is cut off only where it runs to the sentence's end or a ";": followed
    by another comma it may be an aside the main verb comes after ("the
    FK-3 system, which can engage aircraft, …, had been conducted")."""
    free = outside_quotes(sentence)
    out, dashes = [], 0
    for match in re.finditer(r"; |, (\w+)| [–—] ", sentence):
        at = match.start()
        if not free[at]:
            continue
        if match.group().startswith(" "):
            dashes += 1
            if dashes % 2 == 1:
                out.append(at)
        elif match.group().startswith(";") or _opens_clause(match.group(1), sentence, at + 1, free):
            out.append(at)
    return out


def _opens_clause(word: str, sentence: str, at: int, free: list[bool]) -> bool:
    lower = word.lower()
    if lower in _CONJUNCTIONS:
        return True
    # Relative pronouns; English participles ("drawing", "supported"), Serbian adverbial ones.
    participle = word.islower() and len(word) > 4 and lower.endswith(_PARTICIPLE)
    dependent = lower in _RELATIVES or participle
    return dependent and _runs_to_clause_end(sentence, at, free)


def _runs_to_clause_end(sentence: str, at: int, free: list[bool]) -> bool:
    """No comma outside quotes between `at` and the next ";" or the end."""
    for i in range(at, len(sentence)):
        if free[i] and sentence[i] == ";":
            return True
        if free[i] and sentence[i] == ",":
            return False
    return True
