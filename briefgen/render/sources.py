"""The source summary: what the reader should know about the evidence.

In the spirit of an ICD 206 source summary statement (conventions.md): the
source base's strengths and weaknesses, which sources each key judgement
rests on most (with their grades), and which sources corroborate or
conflict with each other. Everything is counted from the brief's own
selection and printed facts; the words are the labels of the reader's
language. A column that would read the same for every source is dropped:
it tells the reader nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from string import Formatter

from markupsafe import Markup

from .context import FactView, JudgementView, SourceView, Views
from .escape import Foreign, Literal, md_escape

# How many sources a key judgement is said to rest on "most".
MOST = 3
_STRONG, _WEAK = ("A", "B"), ("D", "E", "F")


@dataclass(frozen=True)
class Resting:
    """One printed key judgement and the sources its basis cites most."""

    reference: Literal  # "Bottom line", "Key judgement 2"
    sources: Markup  # "RFE/RL (B2 ×2, B3); Vladisavljev (B2)"


@dataclass(frozen=True)
class SourceSummaryView:
    # Sentences and cells are Markup: fixed words escaped for Markdown, source
    # names marked to keep the script they were published in.
    strengths: tuple[Markup, ...]
    weaknesses: tuple[Markup, ...]
    resting: tuple[Resting, ...]
    columns: tuple[Literal, ...]  # the headers of the source table
    rows: tuple[tuple[Markup, ...], ...]


def source_summary(views: Views, printed: set[str], named: dict[str, str],
                   labels: dict[str, str]) -> SourceSummaryView:
    """`printed`: ids of the facts the brief prints; `named`: how the brief
    refers to each printed key judgement ("Key judgement 2")."""
    facts = [f for f in views.facts if f.id in printed]
    cited = [s for s in views.sources if any(f.id in printed for f in s.facts)]
    judgements = {j.id: j for j in views.judgements}
    resting = tuple(Resting(Literal(name), _most_cited(judgements[j], views, labels))
                    for j, name in named.items()
                    if j in judgements and judgements[j].basis)
    columns, rows = _table(cited, facts, views, labels)
    return SourceSummaryView(_strengths(cited, facts, labels),
                             _weaknesses(cited, facts, views, labels), resting, columns, rows)


def _name(source: SourceView) -> Markup:
    """A source's name as published, kept in its script in a Cyrillic brief."""
    return Markup(Foreign(str(source.name)).__html__())


def _text(words: str) -> Markup:
    """Fixed words (labels, grades, counts), escaped for Markdown."""
    return Markup(md_escape(words, at_line_start=False))


def _sentence(label: str, **values: Markup) -> Markup:
    """A label's sentence with source names in it, each part escaped its own way."""
    out = []
    for before, field, _, _ in Formatter().parse(label):
        out.append(_text(before))
        if field:
            out.append(values[field])
    return Markup("").join(out)


def _grade(reliability: str) -> Markup:
    """"B": Admiralty grades stay Latin in a Cyrillic brief."""
    return Markup(Foreign(reliability).__html__())


def _most_cited(judgement: JudgementView, views: Views, labels: dict) -> Markup:
    """"RFE/RL (B2 ×3, B1); Bach (D2)": the sources cited most by the
    judgement's basis, each with the grades of its citations, most cited first."""
    grades: dict[str, Counter] = {}
    by_id = {s.id: s for s in views.sources}
    for fact in judgement.basis:
        for ref in fact.citations:
            if ref.source in by_id:
                grades.setdefault(ref.source, Counter())[
                    f"{by_id[ref.source].reliability}{ref.credibility}"] += 1
    ranked = sorted(grades, key=lambda s: (-sum(grades[s].values()), by_id[s].reliability))
    return Markup("; ").join(_name(by_id[s]) + _text(f" ({_tally(grades[s])})")
                             for s in ranked[:MOST])


def _tally(grades: Counter) -> str:
    """"B2 ×3, B1": each grade once, with how often it occurs, most frequent first."""
    ordered = sorted(grades.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(grade if n == 1 else f"{grade} \u00d7{n}" for grade, n in ordered)


def _strengths(cited: list[SourceView], facts: list[FactView], labels: dict) -> tuple[Markup, ...]:
    lines = []
    strong = [_name(s) for s in cited if s.reliability in _STRONG]
    if strong:
        lines.append(_sentence(labels["summary-strong-sources"], names=Markup(", ").join(strong)))
    confirmed = sum(1 for f in facts if any(c.credibility == 1 for c in f.citations))
    if confirmed:
        lines.append(_text(labels["summary-confirmed"].format(n=confirmed, total=len(facts))))
    return tuple(lines)


def _weaknesses(cited: list[SourceView], facts: list[FactView], views: Views,
                labels: dict) -> tuple[Markup, ...]:
    lines = []
    weak = [_name(s) + _text(" (") + _grade(s.reliability) + _text(")")
            for s in cited if s.reliability in _WEAK]
    if weak:
        lines.append(_sentence(labels["summary-weak-sources"], names=Markup(", ").join(weak)))
    single = sum(1 for f in facts if len({c.source for c in f.citations}) == 1)
    if single:
        lines.append(_text(labels["summary-single-source"].format(n=single, total=len(facts))))
    disputed = [str(d.claim) for d in views.disagreements]
    if disputed:
        lines.append(_text(labels["summary-disputed"].format(claims="; ".join(disputed))))
    return tuple(lines)


def _table(cited: list[SourceView], facts: list[FactView], views: Views,
           labels: dict) -> tuple[tuple[Literal, ...], tuple[tuple[Markup, ...], ...]]:
    """The source table, without the columns that read the same in every row."""
    uses = Counter(source for f in facts for source in {c.source for c in f.citations})
    conflicts = _conflicts(views)
    corroboration = _corroboration(facts)
    names = {s.id: _name(s) for s in views.sources}
    columns = [
        (labels["source"], [_name(s) for s in cited]),
        (labels["reliability"], [_grade(s.reliability) + _text(f": {s.reliability_words}")
                                 for s in cited]),
        (labels["summary-facts"], [_text(str(uses[s.id])) for s in cited]),
        (labels["summary-corroborated"], [_names(corroboration.get(s.id, ()), names, labels)
                                          for s in cited]),
        (labels["summary-conflicts"], [_names(conflicts.get(s.id, ()), names, labels)
                                       for s in cited]),
    ]
    telling = [(head, cells) for index, (head, cells) in enumerate(columns)
               if index == 0 or len(cited) < 2 or len(set(map(str, cells))) > 1]
    headers = tuple(Literal(head) for head, _ in telling)
    rows = tuple(tuple(cells[i] for _, cells in telling) for i in range(len(cited)))
    return headers, rows


def _names(ids, names: dict[str, Markup], labels: dict) -> Markup:
    shown = [names[i] for i in ids if i in names]
    return Markup(", ").join(shown) if shown else _text(labels["summary-no-one"])


def _corroboration(facts: list[FactView]) -> dict[str, list[str]]:
    """Sources each source is confirmed by: cited together for a fact the
    analyst grades as confirmed by other sources (credibility 1)."""
    found: dict[str, dict[str, None]] = {}
    for fact in facts:
        confirmed = [c.source for c in fact.citations if c.credibility == 1]
        for source in confirmed:
            for other in dict.fromkeys(c.source for c in fact.citations):
                if other != source:
                    found.setdefault(source, {})[other] = None
    return {s: list(others) for s, others in found.items()}


def _conflicts(views: Views) -> dict[str, list[str]]:
    """Sources on the other side of a disagreement, for each source."""
    found: dict[str, dict[str, None]] = {}
    for disagreement in views.disagreements:
        sides = [{c.source for f in v.facts for c in f.citations} for v in disagreement.values]
        for index, side in enumerate(sides):
            others = set().union(*(o for i, o in enumerate(sides) if i != index)) - side
            for source in side:
                for other in sorted(others):
                    found.setdefault(source, {})[other] = None
    return {s: list(others) for s, others in found.items()}
