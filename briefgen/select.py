"""What one audience may see (releasability) and should see (its topics).

This is the only place that decides need-to-know. Templates receive a
``Selection``, never the case, so nothing they do can reach an item the
audience may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from .inputs.schema import Fact, Judgement, Recommendation, Source
from .model import Audience, Case


@dataclass(frozen=True)
class Selection:
    facts: tuple[Fact, ...]  # in input order
    judgements: tuple[Judgement, ...]
    recommendations: tuple[Recommendation, ...]
    sources: dict[str, Source]  # every source the selected facts cite
    visible_sources: frozenset[str]  # ids whose identity the audience may see
    visible_ids: frozenset[str]  # fact and judgement ids the audience may see


def may_see(case: Case, audience: Audience, item) -> bool:
    groups = case.releasable_to(item)
    return "all" in groups or bool(set(groups) & set(audience.spec.access))


def _for_audience(item, audience: Audience) -> bool:
    audiences = getattr(item, "audiences", None)
    return audiences is None or audience.id in audiences


def select(case: Case, audience: Audience) -> Selection:
    judgements = tuple(j for j in case.judgements
                       if may_see(case, audience, j) and _for_audience(j, audience))
    visible_facts = [f for f in case.facts if may_see(case, audience, f)]
    wanted = _basis_closure(judgements, case)
    facts = tuple(f for f in visible_facts if f.id in wanted or _on_topic(f, audience))
    recommendations = tuple(r for r in case.recommendations
                            if may_see(case, audience, r) and _for_audience(r, audience))
    cited = {c.source for f in facts for c in f.sources}
    sources = {sid: case.sources[sid] for sid in case.sources if sid in cited}
    visible_sources = frozenset(s for s in sources if may_see(case, audience, sources[s]))
    visible_ids = frozenset({f.id for f in visible_facts} | {j.id for j in judgements})
    return Selection(facts, judgements, recommendations, sources, visible_sources, visible_ids)


def _on_topic(fact: Fact, audience: Audience) -> bool:
    topics = audience.spec.topics
    return topics is None or bool(set(fact.topics) & set(topics))


def _basis_closure(judgements, case: Case) -> set[str]:
    """Ids of everything the judgements rest on, through other judgements."""
    by_id = {j.id: j for j in case.judgements}
    seen: set[str] = set()
    stack = [b for j in judgements for b in j.basis]
    while stack:
        item = stack.pop()
        if item in seen:
            continue
        seen.add(item)
        if item in by_id:
            stack.extend(by_id[item].basis)
    return seen


def visible_basis(judgement: Judgement, selection: Selection) -> list[str]:
    """The basis ids a judgement may cite for this audience."""
    return [b for b in judgement.basis if b in selection.visible_ids]


def recommendations_basis(rec: Recommendation, selection: Selection) -> list[str]:
    return [b for b in rec.basis if b in selection.visible_ids]
