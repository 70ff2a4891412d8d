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
class Citation:
    """A fact's citation as this audience may see it."""

    source: str  # the source's id, or an alias for a source it may not see
    credibility: int
    locator: str | None  # dropped for a source it may not see
    quote: str | None  # likewise: a quotation could identify the source


@dataclass(frozen=True)
class Selection:
    facts: tuple[Fact, ...]  # in input order
    judgements: tuple[Judgement, ...]
    recommendations: tuple[Recommendation, ...]
    # Every source the selected facts cite, keyed by what the audience may know:
    # a source it may not see is a redacted record (descriptor and grade only)
    # under an alias, so its title, author, outlet, URL and id never reach a template.
    sources: dict[str, Source]
    visible_sources: frozenset[str]  # keys of `sources` whose identity it may see
    visible_ids: frozenset[str]  # fact and judgement ids the audience may see
    citations: dict[str, tuple[Citation, ...]]  # fact id -> its citations, as above


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
    # The basis of its judgements and the case's lead come in whatever its topics.
    wanted = _basis_closure(judgements, case) | set(case.meta.lead)
    facts = tuple(f for f in visible_facts if f.id in wanted or _on_topic(f, audience))
    recommendations = tuple(r for r in case.recommendations
                            if may_see(case, audience, r) and _for_audience(r, audience))
    cited = {c.source for f in facts for c in f.sources}
    aliases = _aliases(case, audience, [s for s in case.sources if s in cited])
    sources = {alias: _shown(case.sources[sid], alias, sid == alias)
               for sid, alias in aliases.items()}
    visible_sources = frozenset(a for sid, a in aliases.items() if sid == a)
    visible_ids = frozenset({f.id for f in visible_facts} | {j.id for j in judgements})
    citations = {f.id: tuple(_citation(c, aliases) for c in f.sources if c.source in aliases)
                 for f in facts}
    return Selection(facts, judgements, recommendations, sources, visible_sources, visible_ids,
                     citations)


def _aliases(case: Case, audience: Audience, source_ids: list[str]) -> dict[str, str]:
    aliases, hidden = {}, 0
    for sid in source_ids:
        if may_see(case, audience, case.sources[sid]):
            aliases[sid] = sid
        else:
            hidden += 1
            aliases[sid] = f"restricted-source-{hidden}"
    return aliases


def _shown(source: Source, alias: str, visible: bool) -> Source:
    if visible:
        return source
    # Built afresh, not copied: nothing else of the record may come along.
    return Source.model_validate({"id": alias, "type": "restricted",
                                  "title": source.descriptor or "restricted source",
                                  "reliability": source.reliability,
                                  "descriptor": source.descriptor or "restricted source"})


def _citation(citation, aliases: dict[str, str]) -> Citation:
    alias = aliases[citation.source]
    visible = alias == citation.source
    return Citation(alias, citation.credibility, citation.locator if visible else None,
                    citation.quote if visible else None)


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


def seen_digest(case: Case, audience: Audience, selection: Selection | None = None) -> str:
    """A hash of everything a brief for this audience, in its locale, is made
    of from the case: the case's own description, the topic vocabulary, the
    audience, and all that ``select`` lets it see. The same digest with the
    same templates and briefgen makes the same brief, so a build leaves an
    audience alone when input files changed but nothing it may see did.
    ``selection``: the audience's, when the caller has it already."""
    import hashlib
    import json

    content = {"meta": _plain(case.meta), "topics": _plain(case.topics),
               "fallback": case.fallback,
               "audience": [audience.id, audience.locale, _plain(audience.spec)],
               "selection": _plain(selection or select(case, audience))}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value):
    """JSON-ready, the same in every process (sets sorted, models dumped)."""
    import dataclasses

    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    return value
