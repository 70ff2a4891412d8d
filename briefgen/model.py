"""The fact base of one case, and the audiences it is briefed to.

Built by ``inputs.case.read_case`` from schema-checked input files and
cross-checked by ``inputs.validate.check_case``; read-only
afterwards. The records themselves are the schema's frozen models.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Location

if TYPE_CHECKING:  # the schema (pydantic) loads only when inputs are read
    from .inputs.schema import (
        AudienceFile,
        CaseFile,
        Fact,
        Judgement,
        Recommendation,
        Source,
        Topic,
    )


@dataclass(frozen=True)
class Project:
    root: Path
    inputs: Path
    templates: Path
    out: Path

    def case_dir(self, case_id: str) -> Path:
        return self.inputs / case_id

    def case_ids(self) -> list[str]:
        if not self.inputs.is_dir():
            return []
        return sorted(p.name for p in self.inputs.iterdir()
                      if p.is_dir() and (p / "case.yaml").is_file())


@dataclass(frozen=True)
class Audience:
    id: str
    dir: Path
    spec: AudienceFile
    file: Path
    # The locale this brief is built in: one of ``spec.locales`` (the first
    # unless ``in_locale`` chose another).
    locale: str = ""

    def __post_init__(self) -> None:
        if not self.locale:
            object.__setattr__(self, "locale", self.spec.locales[0])

    @property
    def locales(self) -> tuple[str, ...]:
        return self.spec.locales

    @property
    def variant(self) -> str | None:
        """None for the main locale; else the locale, which names the extra output."""
        return None if self.locale == self.locales[0] else self.locale

    def in_locale(self, locale: str) -> Audience:
        return dataclasses.replace(self, locale=locale)


@dataclass(frozen=True)
class Case:
    id: str
    dir: Path
    meta: CaseFile
    sources: dict[str, Source]
    facts: tuple[Fact, ...]
    judgements: tuple[Judgement, ...]
    recommendations: tuple[Recommendation, ...]
    audiences: dict[str, Audience]
    files: tuple[Path, ...]  # every input file read, in a stable order
    # The topic vocabulary in force: inputs/topics.yaml, then the case's own
    # topics (which add to it or retitle), in presentation order.
    topics: dict[str, Topic] = field(default_factory=dict)
    where: dict[tuple[str, str], Location] = field(default_factory=dict)  # (kind, id)
    # `build --fallback-language`: a text missing in an audience's language is
    # taken in this one instead of failing the build.
    fallback: str | None = None

    def text(self, value, locale: str) -> str | None:
        """A Text in the audience's locale (or the fallback language), or None."""
        from .locale import resolve_text

        terms = tuple(self.meta.latin_terms)
        found = resolve_text(value, locale, self.meta.language, terms)
        if found is None and self.fallback:
            found = resolve_text(value, self.fallback, self.meta.language, terms)
        return found

    def fact(self, fact_id: str) -> Fact | None:
        return self._facts_by_id.get(fact_id)

    @cached_property
    def _facts_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def readers(self):
        """Each audience once per locale it is built in."""
        for audience in self.audiences.values():
            for locale in audience.locales:
                yield audience.in_locale(locale)

    def releasable_to(self, item) -> list[str]:
        """An item's groups, falling back to the case default."""
        groups = getattr(item, "releasable_to", None)
        return list(groups) if groups is not None else list(self.meta.default_releasable_to)


@dataclass(frozen=True)
class Disagreement:
    claim: str
    values: tuple[tuple[object, tuple[str, ...]], ...]  # (value, fact ids giving it)


def as_written(value) -> str:
    """A claim value as text: `true` not `True`, and 1 and true never equal; a
    value given per language compares by its English (else first) text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return str(value.get("en", next(iter(value.values()), "")))
    return str(value)


def disagreements(facts) -> list[Disagreement]:
    """Claim keys that facts give different values for, in first-seen order."""
    by_claim: dict[str, dict[str, list[str]]] = {}
    for fact in facts:
        for claim, value in fact.claims.items():
            by_claim.setdefault(claim, {}).setdefault(as_written(value), []).append(fact.id)
    return [
        Disagreement(claim, tuple((v, tuple(ids)) for v, ids in values.items()))
        for claim, values in by_claim.items()
        if len(values) > 1
    ]
