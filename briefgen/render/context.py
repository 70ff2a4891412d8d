"""What a template sees: read-only views of one audience's selection.

Views are built from the ``Selection`` only (never the whole case), with
every text already in the audience's language and wrapped as ``Literal`` so
it prints escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..inputs.schema import Fact, Judgement
from ..locale.dates import format_date
from ..locale.labels import BANDS
from ..model import Audience, Case, as_written, disagreements
from ..select import Selection
from .citations import CitationRef, short_name, source_label
from .escape import Foreign, Literal


@dataclass(frozen=True)
class FactView:
    id: str
    text: Literal
    date: str | None
    date_label: Literal
    topics: tuple[str, ...]
    claims: dict
    citations: tuple[CitationRef, ...]

    @property
    def says_date(self) -> bool:
        """True when the text already names its year ("… in 2022."): a date
        printed before it would repeat it."""
        return self.date is not None and self.date[:4] in str(self.text)

    @property
    def quotes(self) -> tuple[Literal, ...]:
        """Quotations from the sources (only those the audience may see)."""
        return tuple(c.quote for c in self.citations if c.quote)


@dataclass(frozen=True)
class JudgementView:
    id: str
    text: Literal
    likelihood: str
    likelihood_words: Literal
    band: str
    confidence: str
    confidence_words: Literal
    key: bool
    basis: tuple[FactView, ...]
    basis_judgements: tuple[str, ...]
    implication: Literal | None
    indicators: tuple[Literal, ...] = ()


@dataclass(frozen=True)
class RecommendationView:
    id: str
    text: Literal
    basis: tuple[str, ...]


@dataclass(frozen=True)
class SourceView:
    id: str
    label: Literal  # who the source is, or its descriptor
    name: Literal  # who it is in a few words ("RFE/RL", "Vladisavljev")
    visible: bool
    reliability: str
    reliability_words: Literal
    key_judgements: tuple[JudgementView, ...]
    facts: tuple[FactView, ...]


@dataclass(frozen=True)
class ClaimValueView:
    value: Literal
    facts: tuple[FactView, ...]
    grades: str  # "B2, D4"
    sources: Literal  # "Radio Free Europe/Radio Liberty (B2); RKS News (C2)"


@dataclass(frozen=True)
class DisagreementView:
    key: str  # the claim key: never printed
    claim: Literal  # its label, in the audience's language
    values: tuple[ClaimValueView, ...]


@dataclass(frozen=True)
class Views:
    facts: tuple[FactView, ...]
    judgements: tuple[JudgementView, ...]
    key_judgements: tuple[JudgementView, ...]
    recommendations: tuple[RecommendationView, ...]
    sources: tuple[SourceView, ...]
    disagreements: tuple[DisagreementView, ...]
    fact_by_id: dict = field(default_factory=dict)


class Localiser:
    def __init__(self, case: Case, audience: Audience, labels: dict[str, str]):
        self.case, self.locale, self.labels = case, audience.locale, labels

    def text(self, text) -> Literal:
        resolved = self.case.text(text, self.locale)
        if resolved is None:  # check() reports this; build refuses before we get here
            raise LookupError("missing text")
        return Literal(resolved)

    def date(self, value: str | None) -> Literal:
        return Literal(format_date(value, self.locale) if value else "")


def fact_view(fact: Fact, sel: Selection, loc: Localiser) -> FactView:
    citations = tuple(CitationRef(c.source, c.credibility, c.locator,
                                  Literal(c.quote) if c.quote else None)
                      for c in sel.citations[fact.id])
    return FactView(fact.id, loc.text(fact.text), fact.date, loc.date(fact.date),
                    tuple(fact.topics), dict(fact.claims), citations)


def judgement_view(j: Judgement, facts: dict, sel: Selection, loc: Localiser,
                   audience_id: str) -> JudgementView:
    basis = tuple(facts[b] for b in j.basis if b in facts)
    basis_judgements = tuple(b for b in j.basis if b in sel.visible_ids and b not in facts)
    implication = j.implications.get(audience_id)
    return JudgementView(
        j.id, loc.text(j.text), j.likelihood, Literal(loc.labels[j.likelihood]),
        BANDS[j.likelihood], j.confidence, Literal(loc.labels[j.confidence]), j.key,
        basis, basis_judgements, loc.text(implication) if implication is not None else None,
        tuple(loc.text(i) for i in j.indicators))


def build_views(case: Case, audience: Audience, sel: Selection, labels: dict) -> Views:
    loc = Localiser(case, audience, labels)
    facts = {f.id: fact_view(f, sel, loc) for f in sel.facts}
    judgements = tuple(judgement_view(j, facts, sel, loc, audience.id) for j in sel.judgements)
    recs = tuple(RecommendationView(r.id, loc.text(r.text),
                                    tuple(b for b in r.basis if b in sel.visible_ids))
                 for r in sel.recommendations)
    return Views(
        facts=tuple(facts.values()),
        judgements=judgements,
        key_judgements=tuple(j for j in judgements if j.key),
        recommendations=recs,
        sources=_source_views(case, sel, facts, judgements, loc),
        disagreements=_disagreement_views(case, sel, facts, loc),
        fact_by_id=facts,
    )


def _source_views(case, sel, facts, judgements, loc) -> tuple[SourceView, ...]:
    views = []
    for source_id, source in sel.sources.items():
        cited_by = tuple(f for f in facts.values()
                         if any(c.source == source_id for c in f.citations))
        cited_ids = {f.id for f in cited_by}
        resting = tuple(j for j in judgements if {f.id for f in j.basis} & cited_ids)
        visible = source_id in sel.visible_sources
        label = source_label(source, loc.labels) if visible else source.descriptor or ""
        name = short_name(source, visible, loc.labels, loc.locale)
        views.append(SourceView(source_id, Foreign(label), Foreign(name), visible,
                                Foreign(source.reliability),
                                Literal(loc.labels[f"reliability-{source.reliability}"]),
                                resting, cited_by))
    return tuple(views)


def _claim_label(case: Case, claim: str, loc: Localiser) -> Literal:
    entry = case.meta.claims.get(claim)
    # check() requires a label for every claim key; the key is a last resort.
    return loc.text(entry.label) if entry else Literal(claim)


def _claim_value(case: Case, claim: str, fact_id: str, loc: Localiser) -> Literal:
    """A value in the reader's language when the input gives one per language."""
    fact = case.fact(fact_id)
    assert fact is not None, fact_id  # ids come from the case's own disagreements
    value = fact.claims[claim]
    if isinstance(value, dict):
        return Literal(case.text(value, loc.locale) or as_written(value))
    return Literal(as_written(value))


def _who(citation, sel: Selection, loc: Localiser) -> str:
    """"Lindqvist (B3)": who reports a value in the disagreement table, graded."""
    source = sel.sources[citation.source]
    name = short_name(source, citation.source in sel.visible_sources, loc.labels,
                      loc.locale)
    return f"{name} ({source.reliability}{citation.credibility})"


def _disagreement_views(case, sel, facts, loc) -> tuple[DisagreementView, ...]:
    found = disagreements([f for f in sel.facts])
    views = []
    for item in found:
        values = []
        for _value, fact_ids in item.values:
            backing = tuple(facts[f] for f in fact_ids if f in facts)
            cites = [c for fv in backing for c in fv.citations if c.source in sel.sources]
            grades = ", ".join(f"{sel.sources[c.source].reliability}{c.credibility}" for c in cites)
            who = "; ".join(dict.fromkeys(_who(c, sel, loc) for c in cites))
            shown = _claim_value(case, item.claim, fact_ids[0], loc)
            values.append(ClaimValueView(shown, backing, grades, Foreign(who)))
        views.append(DisagreementView(item.claim, _claim_label(case, item.claim, loc),
                                      tuple(values)))
    return tuple(views)
