"""Footnote texts for citations, Chicago notes style (conventions.md).

First citation of a source: ``Author, "Title," *Outlet*, 20 July 2025, URL. [B2]``.
Later ones: ``Author (or Outlet), "Short Title." [B2]``. A source the
audience may not see: ``Descriptor. [B2]``. Several sources: one note,
separated by semicolons. Built in reading order, so "first" is what the
reader meets first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Emph, Inline, Link, Paragraph, Text, merge_text
from ..inputs.schema import Source
from ..locale import resolve_text
from ..locale.dates import format_date
from .escape import Literal
from .script import keep_script


@dataclass(frozen=True)
class CitationRef:
    source: str
    credibility: int
    locator: str | None
    quote: Literal | None = None


@dataclass
class CitationStyle:
    sources: dict[str, Source]
    visible: frozenset[str]
    locale: str
    labels: dict[str, str]
    seen: set[str] = field(default_factory=set)

    def note(self, refs: list[CitationRef], compact: bool = False) -> tuple[Paragraph, ...]:
        one = self._compact if compact else self._one
        parts: list[list[Inline]] = [one(ref) for ref in _unique(refs)]
        inlines: list[Inline] = []
        for index, part in enumerate(parts):
            if index:
                inlines.append(Text("; "))
            inlines.extend(part)
        return (Paragraph(merge_text(inlines)),)

    def _one(self, ref: CitationRef) -> list[Inline]:
        source = self.sources[ref.source]
        grade = Text(f" [{source.reliability}{ref.credibility}]")
        if ref.source not in self.visible:
            return [Text(keep_script(_sentence(source.descriptor or ""))), grade]
        first = ref.source not in self.seen
        self.seen.add(ref.source)
        body = self._full(source, ref) if first else self._short(source, ref)
        return body + [grade]

    def _compact(self, ref: CitationRef) -> list[Inline]:
        """Who the source is and its grade, for the notes of judgements."""
        source = self.sources[ref.source]
        grade = f" [{source.reliability}{ref.credibility}]"
        if ref.source not in self.visible:
            return [Text(keep_script((source.descriptor or "").rstrip(".")) + grade)]
        who = _authors(source, self.labels["and"], family_only=True) or self._outlet(source)
        name = who or self._quoted(short_title(source.title), "")
        return [Text(name + grade)]

    def _quoted(self, title: str, trailing: str) -> str:
        # English puts the comma inside the quotes; Serbian outside. A title
        # keeps the script it was published in, in a Cyrillic brief too.
        qo, qc = self.labels["quote-open"], self.labels["quote-close"]
        title = keep_script(title)
        if qc == "\u201d":
            return f"{qo}{title}{trailing}{qc}"
        return f"{qo}{title}{qc}{trailing}"

    def _full(self, source: Source, ref: CitationRef) -> list[Inline]:
        out: list[Inline] = []
        author = _authors(source, self.labels["and"])
        if author:
            out.append(Text(f"{author}, "))
        tail = _tail_parts(source, ref, self.locale)
        if not (source.container_title or tail):
            return out + [Text(self._quoted(source.title, "."))]
        out.append(Text(self._quoted(source.title, ",")))
        if source.container_title:
            out += [Text(" "), Emph((Text(keep_script(source.container_title)),))]
            abbreviation = outlet_abbreviation(source, self.locale)
            if abbreviation:  # introduced where the outlet is first named in full
                out.append(Text(f" ({abbreviation})"))
            if tail:
                out.append(Text(","))
        out.extend(_join_tail(tail))
        out.append(Text("."))
        return out

    def _outlet(self, source: Source) -> str | None:
        outlet = source.container_title and keep_script(source.container_title)
        return outlet_abbreviation(source, self.locale) or outlet

    def _short(self, source: Source, ref: CitationRef) -> list[Inline]:
        who = _authors(source, self.labels["and"], family_only=True) or self._outlet(source)
        lead = f"{who}, " if who else ""
        title = short_title(source.title)
        if ref.locator:
            locator = paragraph_locator(ref.locator, self.locale)
            return [Text(lead + self._quoted(title, ",") + f" {locator}.")]
        return [Text(lead + self._quoted(title, "."))]


def _unique(refs: list[CitationRef]) -> list[CitationRef]:
    seen, out = set(), []
    for ref in refs:
        key = (ref.source, ref.credibility, ref.locator)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _tail_parts(source: Source, ref: CitationRef, locale: str) -> list:
    parts: list = []
    date = csl_date(source.issued)
    if date:
        parts.append(format_date(date, locale))
    if ref.locator:
        parts.append(paragraph_locator(ref.locator, locale))
    if source.URL:
        parts.append(Link(source.URL, (Text(keep_script(source.URL)),)))
    return parts


_PARAGRAPHS = re.compile(r"^\s*(?:paras?|pars?|paragraphs?)\.?\s+(?P<where>\d.*)$", re.IGNORECASE)


def paragraph_locator(locator: str, locale: str) -> str:
    """Chicago's "para. 2" / "paras. 2–3" (Serbian "par."), however the input wrote it.
    Any other locator ("p. 4", "section 2") is printed as given."""
    match = _PARAGRAPHS.match(locator)
    if not match:
        return locator
    where = match.group("where").strip()
    if locale.lower().startswith("sr"):
        return f"par. {where}"
    several = re.search(r"\d\s*(?:[–,-]|and|&)\s*\d", where)
    return f"{'paras.' if several else 'para.'} {where}"


def _join_tail(parts: list) -> list[Inline]:
    out: list[Inline] = []
    for part in parts:
        out.append(Text(" "))
        out.append(Text(part) if isinstance(part, str) else part)
        out.append(Text(","))
    return out[:-1] if out else out


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _given_family(author) -> str:
    return " ".join(p for p in (author.given, author.family) if p)


def _authors(source: Source, and_word: str, family_only: bool = False) -> str:
    written = [a.literal or (a.family if family_only else _given_family(a)) for a in source.author]
    names = [keep_script(n) for n in written if n]
    if len(names) > 3:
        return f"{names[0]} et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + f" {and_word} {names[-1]}"
    return names[0] if names else ""


_BREAK = re.compile(r"[:?!;,.]\s|\s[–—-]\s|[:?!]$")
_PREPOSITIONS = frozenset("""in on at of for with amid over from to after against before
under into about between during without within across""".split())


def short_title(title: str) -> str:
    """Chicago's short title: the title's first words up to a natural break
    (a colon, a question, a clause) and, if that is still long, up to the
    phrase before a preposition — never a cut word run with an ellipsis."""
    head = _BREAK.split(title.strip(), maxsplit=1)[0].strip()
    words = head.split()
    if len(words) <= 6:
        return head
    for index in range(3, min(len(words), 8)):
        if words[index].lower() in _PREPOSITIONS:
            return " ".join(words[:index])
    return " ".join(words[:6])


def csl_date(value) -> str | None:
    """A CSL date (string or date-parts) as an ISO partial date."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if value.date_parts and value.date_parts[0]:
        try:
            parts = [int(p) for p in value.date_parts[0][:3]]
        except ValueError:
            return None
        return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])
    return None


# -- naming a source outside the notes (source summary, disagreements) ----------

def source_label(source, labels: dict) -> str:
    outlet = source.container_title or _names(source.author) or ""
    # The reader's quotation marks: “…” in English, „…“ in Serbian.
    title = f"{labels['quote-open']}{short_title(source.title)}{labels['quote-close']}"
    return f"{outlet}, {title}" if outlet else title


def short_name(source, visible: bool, labels: dict, locale: str) -> str:
    """Who a source is, in a few words: its author or outlet (abbreviated as
    the notes introduce it), else its title; a source the audience may not
    see: its descriptor."""
    if not visible:
        return source.descriptor or ""
    quoted = f"{labels['quote-open']}{short_title(source.title)}{labels['quote-close']}"
    outlet = outlet_abbreviation(source, locale) or source.container_title
    return _family_names(source.author) or outlet or quoted


def outlet_abbreviation(source, locale: str) -> str | None:
    """The outlet's abbreviation in the reader's language ("RFE/RL", "RSE").

    A plain string is CSL's, the same in every language; a Text without the
    reader's language gives none (the outlet's full name is used instead)."""
    value = source.container_title_short
    if value is None or isinstance(value, str):
        return value
    return resolve_text(value, locale, "en")


def _family_names(authors) -> str:
    return ", ".join(a.literal or a.family or a.given or "" for a in authors)


def _names(authors) -> str:
    return ", ".join(a.literal or " ".join(p for p in (a.given, a.family) if p) for a in authors)
