"""Composition: what one audience's brief contains, and in what order.

``select`` decides what an audience *may* see; this module decides what its
brief *does* contain (``../shared/spec/inputs.md``, "Composition"). It is a
pure function of the selection and the audience's profile — never of ids or
topic names written into a template — so the same templates brief any case.

The brief is an "always" part (the lead, the bottom-line judgement, the key
judgements and one fact each rests on) and a list of optional *units* in
priority order. ``compose(..., keep=n)`` keeps the first ``n`` units; the
page budget (``fitting.py``) finds the largest ``n`` that fits. Because
units are only ever dropped from the end and each unit comes after what it
depends on, any prefix is a coherent brief: a recommendation never without
its judgement, a disagreement never without its facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import as_written
from .select import Selection

# Unit kinds, in the words `build -v` uses for what was left out.
UNIT_WORDS = {
    "fact": ("fact", "facts"),
    "indicators": ("list of indicators", "lists of indicators"),
    "judgement": ("judgement", "judgements"),
    "recommendation": ("recommendation", "recommendations"),
    "disagreement": ("disagreement", "disagreements"),
    "timeline": ("the timeline", "the timeline"),
    "sources": ("the source summary", "the source summary"),
    "legend": ("the legend", "the legend"),
}
_UNDATED = "9999"


@dataclass(frozen=True)
class Profile:
    """What composition needs to know of an audience and its case."""

    audience: str
    topics: tuple[str, ...] | None  # the audience's interests, first first; None: all
    vocabulary: tuple[str, ...] = ()  # every declared topic, in the desk's order
    lead: tuple[str, ...] = ()  # the case's lead facts

    @classmethod
    def of(cls, case, audience) -> Profile:
        topics = audience.spec.topics
        return cls(audience.id, tuple(topics) if topics is not None else None,
                   tuple(case.topics), tuple(case.meta.lead))


@dataclass(frozen=True)
class Unit:
    """One optional piece of a brief; dropped whole when the budget is short."""

    kind: str  # a key of UNIT_WORDS
    id: str
    facts: tuple[str, ...] = ()  # facts it brings into the background
    weight: float = 1.0  # rough size, for a first guess at what fits


@dataclass(frozen=True)
class Section:
    topic: str | None  # None: facts filed under no topic
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    """What the brief contains, in order, and what it leaves out."""

    lead: tuple[str, ...]  # fact ids opening the bottom line
    bottom_line: str | None  # the judgement that closes the bottom line
    key_judgements: tuple[str, ...]  # the other key judgements, listed
    background: tuple[Section, ...]
    indicators: tuple[str, ...]  # judgements whose indicators are printed
    other_judgements: tuple[str, ...]
    recommendations: tuple[str, ...]
    disagreements: tuple[str, ...]  # claim keys
    timeline: tuple[str, ...]  # dated fact ids on the timeline (empty: no timeline)
    source_summary: bool
    legend: bool
    left_out: tuple[Unit, ...] = ()  # dropped for the budget
    excluded: tuple[Unit, ...] = ()  # never shown (a recommendation without its judgement)

    @property
    def judgements(self) -> tuple[str, ...]:
        first = (self.bottom_line,) if self.bottom_line else ()
        return first + self.key_judgements + self.other_judgements

    @property
    def facts(self) -> tuple[str, ...]:
        return self.lead + tuple(f for s in self.background for f in s.facts)


@dataclass(frozen=True)
class Plan:
    """Everything a brief could contain for one audience, in priority order."""

    lead: tuple[str, ...]
    bottom_line: str | None
    key_judgements: tuple[str, ...]
    always_facts: tuple[str, ...]
    units: tuple[Unit, ...]
    excluded: tuple[Unit, ...] = ()


def compose(sel: Selection, profile: Profile, keep: int | None = None) -> Outline:
    """The brief's outline, keeping the first ``keep`` optional units (all if None)."""
    return outline(plan(sel, profile), sel, profile, keep)


# -- ranking -----------------------------------------------------------------

@dataclass(frozen=True)
class Ranks:
    sel: Selection
    profile: Profile
    order: dict[str, int] = field(default_factory=dict)  # input order of facts
    facts: dict = field(default_factory=dict)  # id -> fact

    @classmethod
    def of(cls, sel: Selection, profile: Profile) -> Ranks:
        return cls(sel, profile, {f.id: i for i, f in enumerate(sel.facts)},
                   {f.id: f for f in sel.facts})

    def topic(self, topic: str) -> int:
        """The audience's own order first, then the desk's for topics it does not list."""
        mine = self.profile.topics or ()
        if topic in mine:
            return mine.index(topic)
        vocab = self.profile.vocabulary
        return len(mine) + (vocab.index(topic) if topic in vocab else len(vocab))

    def home(self, fact) -> str | None:
        """The topic a fact is presented under: its best-ranked one."""
        return min(fact.topics, key=self.topic) if fact.topics else None

    def on_topic(self, fact) -> bool:
        mine = self.profile.topics
        return mine is None or bool(set(fact.topics) & set(mine))

    def interest(self, fact) -> float:
        """1.0 for the audience's first topic, falling to 0 for topics it does not follow."""
        mine = self.profile.topics
        if mine is None:
            return 1.0
        ranks = [mine.index(t) for t in fact.topics if t in mine]
        return (len(mine) - min(ranks)) / len(mine) if ranks else 0.0

    def grade(self, fact) -> tuple[str, int]:
        """The best Admiralty grade among its citations (A1 best)."""
        grades = [(self.sel.sources[c.source].reliability, c.credibility)
                  for c in self.sel.citations.get(fact.id, ()) if c.source in self.sel.sources]
        return min(grades, default=("F", 6))

    def further(self, fact) -> tuple:
        """Priority of a fact shown for its own sake: topic, then grade, then date."""
        home = self.home(fact)
        return (self.topic(home) if home else 10**6, self.grade(fact),
                (fact.date or _UNDATED), self.order[fact.id])

    def reading(self, fact) -> tuple:
        """Order within a background section: by date, undated last."""
        return (fact.date or _UNDATED, self.order[fact.id])


def support(judgement, sel: Selection, ranks: Ranks, seen: frozenset = frozenset()) -> list[str]:
    """The selected facts a judgement rests on, those on the audience's own
    topics first, then the best graded; through the judgements it builds on
    when it names no fact directly."""
    facts = ranks.facts
    direct = sorted((facts[b] for b in judgement.basis if b in facts),
                    key=lambda f: (-ranks.interest(f), ranks.grade(f), ranks.order[f.id]))
    if direct:
        return [f.id for f in direct]
    found: list[str] = []
    for other in sel.judgements:
        if other.id in judgement.basis and other.id not in seen:
            found += support(other, sel, ranks, seen | {judgement.id})
    return list(dict.fromkeys(found))


def _score(judgement, sel: Selection, ranks: Ranks) -> float:
    basis = [ranks.facts[f] for f in support(judgement, sel, ranks)]
    return sum(ranks.interest(f) for f in basis) / len(basis) if basis else 0.0


def ranked(judgements, sel: Selection, ranks: Ranks) -> list:
    """Judgements by how closely their basis matches the audience's topics."""
    order = {j.id: i for i, j in enumerate(judgements)}
    return sorted(judgements, key=lambda j: (-_score(j, sel, ranks), order[j.id]))


# -- the plan ------------------------------------------------------------------

# Basis facts per key judgement, beyond the one printed with it, that come
# before the rest of the brief's argument.
SECOND = 1


def plan(sel: Selection, profile: Profile) -> Plan:
    ranks = Ranks.of(sel, profile)
    facts = ranks.facts
    keys = ranked([j for j in sel.judgements if j.key], sel, ranks)
    others = ranked([j for j in sel.judgements if not j.key], sel, ranks)
    if not keys and others:  # the bottom line needs a judgement; take the closest
        keys, others = others[:1], others[1:]
    lead = tuple(f for f in profile.lead if f in facts)
    if not lead and not keys and sel.facts:
        lead = (min(sel.facts, key=ranks.further).id,)
    supports = {j.id: [f for f in support(j, sel, ranks) if f not in lead] for j in keys}
    always = tuple(dict.fromkeys(s[0] for s in supports.values() if s))
    builder = _UnitBuilder(sel, ranks, set(lead) | set(always))
    rest = {j.id: [f for f in supports[j.id][1:] if ranks.on_topic(facts[f])] for j in keys}
    # A key judgement's second-best fact, then the rest of the brief's
    # argument (indicators, other judgements, recommendations, disagreements,
    # the source summary), and only then its remaining basis facts: a
    # judgement resting on ten facts would otherwise fill the budget alone
    # (README: a deviation from the spec's order, like the two below).
    builder.basis_facts([queue[:SECOND] for queue in rest.values()])
    builder.indicators(keys)
    builder.recommendations({j.id for j in keys}, final=False)
    builder.disagreements()
    # The source summary before further facts: conventions.md has every brief
    # end with one, and a reader weighs the judgements above by it.
    builder.source_summary()
    builder.other_judgements(others)
    builder.recommendations({j.id for j in keys})
    builder.basis_facts([queue[SECOND:] for queue in rest.values()])
    builder.further_facts()
    # Basis facts on topics the audience does not follow come last: the
    # judgement already prints with one fact it rests on, and a brief says
    # first what its audience cares about (README: a deviation from the spec).
    builder.basis_facts([[f for f in rest[j.id] if not ranks.on_topic(facts[f])] for j in keys])
    builder.closing()
    return Plan(lead, keys[0].id if keys else None, tuple(j.id for j in keys[1:]), always,
                tuple(builder.units), tuple(builder.excluded))


class _UnitBuilder:
    """Appends units in priority order, tracking what the brief holds so far."""

    def __init__(self, sel: Selection, ranks: Ranks, present: set[str]):
        self.sel, self.ranks, self.present = sel, ranks, present
        self.units: list[Unit] = []
        self.excluded: list[Unit] = []
        self.judged: set[str] = set()  # other judgements added
        self.recommended: set[str] = set()
        self.claims_shown: set[str] = set()

    def add(self, unit: Unit) -> None:
        self.units.append(unit)
        self.present.update(unit.facts)

    def basis_facts(self, queues: list[list[str]]) -> None:
        """Round robin: every printed judgement gets a second fact before any a third."""
        for depth in range(max((len(q) for q in queues), default=0)):
            for queue in queues:
                if depth < len(queue) and queue[depth] not in self.present:
                    self.add(Unit("fact", queue[depth], (queue[depth],)))

    def indicators(self, keys) -> None:
        for j in keys:
            if j.indicators:
                self.add(Unit("indicators", j.id, weight=0.5 + 0.5 * len(j.indicators)))

    def other_judgements(self, others) -> None:
        for j in others:
            new = [f for f in support(j, self.sel, self.ranks) if f not in self.present][:2]
            self.judged.add(j.id)
            self.add(Unit("judgement", j.id, tuple(new), 1.5 + len(new) + 0.5 * len(j.indicators)))

    def recommendations(self, keys: set[str], final: bool = True) -> None:
        """Those whose judgements are all printed by now; when `final`, the
        others are never shown (a recommendation needs its judgement)."""
        printed = keys | self.judged
        visible = {j.id for j in self.sel.judgements}
        for r in self.sel.recommendations:
            if r.id in self.recommended:
                continue
            rests_on = [b for b in r.basis if b in visible]
            if len(rests_on) == len(r.basis) and all(b in printed for b in rests_on):
                self.recommended.add(r.id)
                self.add(Unit("recommendation", r.id))
            elif final:
                self.excluded.append(Unit("recommendation", r.id))

    def disagreements(self) -> None:
        for claim in _claims(self.sel):
            self._disagreement_if_ready(claim)

    def _disagreement_if_ready(self, claim: str) -> None:
        if claim not in self.claims_shown and len(_values(self.sel, claim, self.present)) > 1:
            self.claims_shown.add(claim)
            self.add(Unit("disagreement", claim, weight=2.0))

    def further_facts(self) -> None:
        rest = [f for f in self.sel.facts if f.id not in self.present and self.ranks.on_topic(f)]
        for fact in sorted(rest, key=self.ranks.further):
            self.add(Unit("fact", fact.id, (fact.id,)))
            for claim in fact.claims:  # a disagreement as soon as both sides are in
                self._disagreement_if_ready(claim)

    def closing(self) -> None:
        dated = sum(1 for f in self.sel.facts if f.id in self.present and f.date)
        if dated >= 2:
            self.add(Unit("timeline", "timeline", weight=0.6 * min(dated, 25)))
        self.add(Unit("legend", "legend", weight=2.5))

    def source_summary(self) -> None:
        if self.sel.sources:
            self.add(Unit("sources", "sources", weight=0.8 * len(self.sel.sources) + 3))


def _claims(sel: Selection) -> list[str]:
    return list(dict.fromkeys(c for f in sel.facts for c in f.claims))


def _values(sel: Selection, claim: str, printed) -> dict[str, list[str]]:
    """The values printed facts give a claim, as written, with the facts giving each."""
    found: dict[str, list[str]] = {}
    for fact in sel.facts:
        if fact.id in printed and claim in fact.claims:
            found.setdefault(as_written(fact.claims[claim]), []).append(fact.id)
    return found


# -- the outline for a number of kept units --------------------------------------

def outline(p: Plan, sel: Selection, profile: Profile, keep: int | None = None) -> Outline:
    kept = p.units if keep is None else p.units[:max(keep, 0)]
    ranks = Ranks.of(sel, profile)
    lead = set(p.lead)
    facts = [f for f in dict.fromkeys(p.always_facts + tuple(x for u in kept for x in u.facts))
             if f not in lead]
    kinds = {kind: [u.id for u in kept if u.kind == kind] for kind in UNIT_WORDS}
    printed = set(p.lead) | set(facts)
    timeline = _timeline(sel, printed) if kinds["timeline"] else ()
    return Outline(
        lead=p.lead, bottom_line=p.bottom_line, key_judgements=p.key_judgements,
        background=_sections(sel, facts, ranks),
        indicators=tuple(kinds["indicators"]) + tuple(
            j for j in kinds["judgement"] if _has_indicators(sel, j)),
        other_judgements=tuple(kinds["judgement"]),
        recommendations=tuple(kinds["recommendation"]),
        disagreements=tuple(c for c in kinds["disagreement"]
                            if len(_values(sel, c, printed)) > 1),
        timeline=timeline, source_summary=bool(kinds["sources"]), legend=bool(kinds["legend"]),
        left_out=tuple(p.units[len(kept):]), excluded=p.excluded)


def _has_indicators(sel: Selection, judgement_id: str) -> bool:
    return any(j.id == judgement_id and j.indicators for j in sel.judgements)


def _sections(sel: Selection, fact_ids: list[str], ranks: Ranks) -> tuple[Section, ...]:
    facts = ranks.facts
    by_home: dict[str | None, list] = {}
    for fid in fact_ids:
        by_home.setdefault(ranks.home(facts[fid]), []).append(facts[fid])
    homes = sorted(by_home, key=lambda t: ranks.topic(t) if t is not None else 10**6)
    return tuple(Section(t, tuple(f.id for f in sorted(by_home[t], key=ranks.reading)))
                 for t in homes)


def _timeline(sel: Selection, printed: set[str]) -> tuple[str, ...]:
    dated = [f.id for f in sel.facts if f.id in printed and f.date]
    return tuple(dated) if len(dated) >= 2 else ()


def left_out_summary(outline_: Outline) -> str:
    """`31 facts, 2 judgements and the timeline` — what the budget dropped."""
    counts: dict[str, int] = {}
    for unit in outline_.left_out:
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    parts = []
    for kind, (one, many) in UNIT_WORDS.items():
        n = counts.get(kind, 0)
        if n:
            parts.append(one if one.startswith("the ") else f"{n} {one if n == 1 else many}")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
