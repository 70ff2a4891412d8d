"""The composed brief as templates see it: ``brief``, built from an ``Outline``.

Composition (``briefgen.compose``) decides which ids go where; this module
turns them into the views templates print — fact and judgement views,
topic headings and claim labels in the audience's language — so a template
only walks ``brief.*`` and never needs an id or a topic name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compose import Outline
from ..model import Case
from .context import DisagreementView, FactView, JudgementView, RecommendationView, Views
from .escape import Literal
from .sources import SourceSummaryView, source_summary


@dataclass(frozen=True)
class SectionView:
    topic: str | None
    title: Literal
    facts: tuple[FactView, ...]


@dataclass(frozen=True)
class OutlookView:
    """A judgement to watch: restated only if it is not printed above."""

    judgement: JudgementView
    restate: bool  # False for a key judgement (named by `reference` instead)
    reference: Literal  # "Key judgement 2", "Bottom line"
    indicators: tuple[Literal, ...]


@dataclass(frozen=True)
class BriefView:
    lead: tuple[FactView, ...]
    bottom_line: JudgementView | None
    key_judgements: tuple[JudgementView, ...]  # listed under the bottom line
    background: tuple[SectionView, ...]
    disagreements: tuple[DisagreementView, ...]
    implications: tuple[JudgementView, ...]  # printed judgements with one, bottom line excepted
    outlook: tuple[OutlookView, ...]
    recommendations: tuple[RecommendationView, ...]
    timeline: bool
    source_summary: SourceSummaryView | None
    legend: bool


def brief_view(outline: Outline, views: Views, case: Case, locale: str,
               labels: dict[str, str]) -> BriefView:
    facts, judgements = views.fact_by_id, {j.id: j for j in views.judgements}
    listed = tuple(judgements[j] for j in outline.key_judgements)
    bottom = judgements.get(outline.bottom_line) if outline.bottom_line else None
    others = tuple(judgements[j] for j in outline.other_judgements)
    named = _outlook_names(outline, labels)
    return BriefView(
        lead=tuple(facts[f] for f in outline.lead),
        bottom_line=bottom,
        key_judgements=listed,
        background=tuple(SectionView(s.topic, _topic_title(case, s.topic, locale, labels),
                                     tuple(facts[f] for f in s.facts))
                         for s in outline.background),
        disagreements=_disagreements(outline, views),
        implications=tuple(j for j in listed + others if j.implication),
        outlook=_outlook(outline, judgements, named),
        recommendations=tuple(r for r in views.recommendations
                              if r.id in outline.recommendations),
        timeline=bool(outline.timeline),
        source_summary=(source_summary(views, set(outline.lead) | set(outline.facts), named,
                                       labels) if outline.source_summary else None),
        legend=outline.legend,
    )


def _topic_title(case: Case, topic: str | None, locale: str, labels: dict) -> Literal:
    if topic is None or topic not in case.topics:
        return Literal(labels["other-reporting"])
    return Literal(case.text(case.topics[topic].title, locale) or labels["other-reporting"])


def _outlook_names(outline: Outline, labels: dict) -> dict[str, str]:
    """"Bottom line", "Key judgement 2": how the outlook and the source summary
    point back to a judgement above, in reading order."""
    names = {outline.bottom_line: labels["bottom-line"]} if outline.bottom_line else {}
    names.update((j, labels["key-judgement-n"].format(n=n))
                 for n, j in enumerate(outline.key_judgements, 1))
    return names


def _outlook(outline: Outline, judgements: dict, named: dict) -> tuple[OutlookView, ...]:
    items = []
    for j_id in dict.fromkeys(outline.indicators + outline.other_judgements):
        j = judgements[j_id]
        items.append(OutlookView(j, j_id not in named, Literal(named.get(j_id, "")),
                                 j.indicators))
    # The judgements assessed here first, then what to watch for those above.
    return tuple(sorted(items, key=lambda item: not item.restate))


def _disagreements(outline: Outline, views: Views) -> tuple[DisagreementView, ...]:
    printed = set(outline.facts)
    shown = []
    for view in views.disagreements:
        if view.key not in outline.disagreements:
            continue
        values = tuple(v for v in view.values if any(f.id in printed for f in v.facts))
        shown.append(DisagreementView(view.key, view.claim, values))
    return tuple(shown)
