"""Checks that need the whole case: ids, references, cycles, releasability, texts.

Each check is a small function ``(case, reading) -> None`` that adds
diagnostics; ``CHECKS`` is their ordered table.
"""

from __future__ import annotations

import dataclasses

from ..errors import Diagnostic, Location, did_you_mean
from ..locale import resolve_text, text_key
from ..model import Case, Project
from ..select import may_see, select
from . import schema
from .case import Reading, read_case
from .vocabulary import VOCABULARY_CHECKS


def check_case(project: Project, case_id: str, fallback: str | None = None,
               renders: bool = True) -> tuple[Case | None, list[Diagnostic]]:
    """Every check; ``renders=False`` leaves out running every audience's
    templates (``check_renders``): a build's jobs each run their own first."""
    case, reading = read_case(project, case_id)
    if case is not None and fallback:
        case = dataclasses.replace(case, fallback=fallback)
    if case is not None:
        for check in CHECKS:
            if renders or check is not check_renders:
                check(case, reading)
    return case, reading.diagnostics


def _unknown(reading: Reading, kinds: tuple[str, ...], ref: str) -> bool:
    """True when ``ref`` is really unknown, not just an item that failed its own checks."""
    if any(kind in reading.unreadable for kind in kinds):
        return False
    return not any((kind, ref) in reading.broken for kind in kinds)


def check_duplicate_ids(case: Case, reading: Reading) -> None:
    for kind in _ITEM_KINDS:
        seen: set[str] = set()
        for loaded, base in _all_items(reading, kind):
            item_id = _raw_id(loaded, base)
            if item_id in seen:
                first = reading.where[(kind, item_id)]
                reading.error(f"duplicate {kind} id `{item_id}` (first defined at "
                              f"{first.path.name}:{first.line}); ids must be unique",
                              loaded.location(base + ("id",)))
            seen.add(item_id)


_ITEM_KINDS = ("source", "fact", "judgement", "recommendation")


def _all_items(reading: Reading, kind: str):
    # Every item of a kind as read, duplicates included (reading.loaded keeps the first).
    files = {id(lf): lf for (k, _), (lf, _) in reading.loaded.items() if k == kind}
    for loaded in files.values():
        for index, item in enumerate(loaded.data):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield loaded, (index,)


def _raw_id(loaded, base) -> str:
    return loaded.data[base[0]]["id"]


def check_source_keys(case: Case, reading: Reading) -> None:
    allowed = schema.CSL_VARIABLES | schema.BRIEFGEN_SOURCE_KEYS
    for source in case.sources.values():
        for key in (source.model_extra or {}):
            if key not in allowed:
                reading.error(f"unknown key `{key}` in source `{source.id}`"
                              f"{did_you_mean(key, sorted(allowed))}",
                              reading.at("source", source.id, key, key=True))


def check_source_languages(case: Case, reading: Reading) -> None:
    for source in case.sources.values():
        if source.language and not schema.is_language_tag(source.language):
            reading.warning(f"source `{source.id}` has `language: {source.language}`, which is "
                            "not a BCP 47 tag (e.g. `en`, `sr-Latn`); it is kept as written",
                            reading.at("source", source.id, "language"))


def check_citations(case: Case, reading: Reading) -> None:
    for fact in case.facts:
        for index, citation in enumerate(fact.sources):
            known = citation.source in case.sources
            if not known and _unknown(reading, ("source",), citation.source):
                reading.error(f"fact `{fact.id}` cites unknown source `{citation.source}`"
                              f"{did_you_mean(citation.source, case.sources)}",
                              reading.at("fact", fact.id, "sources", index, "source"))


def check_bases(case: Case, reading: Reading) -> None:
    facts = {f.id for f in case.facts}
    judgements = {j.id for j in case.judgements}
    for j in case.judgements:
        for index, ref in enumerate(j.basis):
            if ref == j.id:
                reading.error(f"judgement `{j.id}` lists itself in its basis",
                              reading.at("judgement", j.id, "basis", index))
            elif ref not in facts | judgements and _unknown(reading, ("fact", "judgement"), ref):
                reading.error(f"judgement `{j.id}` rests on unknown fact or judgement `{ref}`"
                              f"{did_you_mean(ref, sorted(facts | judgements))}",
                              reading.at("judgement", j.id, "basis", index))
    for r in case.recommendations:
        for index, ref in enumerate(r.basis):
            if ref not in judgements and _unknown(reading, ("judgement",), ref):
                reading.error(f"recommendation `{r.id}` rests on unknown judgement `{ref}`"
                              f"{did_you_mean(ref, sorted(judgements))}",
                              reading.at("recommendation", r.id, "basis", index))


def check_cycles(case: Case, reading: Reading) -> None:
    graph = {j.id: [b for b in j.basis if b != j.id] for j in case.judgements}
    reported: set[frozenset] = set()
    for start in graph:
        cycle = _find_cycle(graph, start)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            reading.error("judgements rest on each other in a circle: "
                          + " → ".join(cycle + [cycle[0]]) + "; break the circle",
                          reading.at("judgement", cycle[0], "basis"))


def _find_cycle(graph: dict, start: str) -> list[str] | None:
    path, on_path = [start], {start}
    iterators = [iter(graph.get(start, []))]
    while iterators:
        nxt = next(iterators[-1], None)
        if nxt is None:
            iterators.pop()
            on_path.discard(path.pop())
        elif nxt == start:
            return list(path)
        elif nxt in graph and nxt not in on_path and len(path) < len(graph):
            path.append(nxt)
            on_path.add(nxt)
            iterators.append(iter(graph[nxt]))
    return None


def check_audience_refs(case: Case, reading: Reading) -> None:
    known = case.meta.audiences
    for kind, items in (("judgement", case.judgements), ("recommendation", case.recommendations)):
        for item in items:
            for index, aud in enumerate(item.audiences or []):
                if aud not in known:
                    reading.error(f"{kind} `{item.id}` names audience `{aud}`, which case.yaml "
                                  f"does not list{did_you_mean(aud, known)}",
                                  reading.at(kind, item.id, "audiences", index))
    for j in case.judgements:
        for aud in j.implications:
            if aud not in known:
                reading.error(f"judgement `{j.id}` has implications for unknown audience "
                              f"`{aud}`{did_you_mean(aud, known)}",
                              reading.at("judgement", j.id, "implications", aud, key=True))


def check_audiences_served(case: Case, reading: Reading) -> None:
    """An audience left without implications or recommendations because every
    one is keyed to other audience ids (often a misspelt or renamed id)."""
    where = reading.location(case.dir / "case.yaml", "audiences")
    for audience in case.audiences.values():
        sel = select(case, audience)
        keyed = sorted({a for j in case.judgements for a in j.implications})
        if keyed and not any(audience.id in j.implications for j in sel.judgements):
            reading.warning(f"audience `{audience.id}` gets no implications: judgements give "
                            f"them only for {', '.join(f'`{a}`' for a in keyed)}", where)
        if case.recommendations and not sel.recommendations:
            reading.warning(f"audience `{audience.id}` gets no recommendations: each is for "
                            "other audiences (`audiences:`) or not releasable to it", where)


def check_descriptors(case: Case, reading: Reading) -> None:
    for source in case.sources.values():
        groups = case.releasable_to(source)
        if "all" not in groups and not source.descriptor:
            reading.error(f"source `{source.id}` is releasable only to {groups} but has no "
                          "`descriptor`; add what other audiences see instead, e.g. "
                          "`descriptor: A Serbian defence official with direct access`",
                          reading.at("source", source.id, "id"))


def check_texts(case: Case, reading: Reading) -> None:
    for audience in case.readers():
        locale = audience.locale
        for kind, item_id, path, text in _texts_for(case, audience):
            if resolve_text(text, locale, case.meta.language) is not None:
                continue
            if case.text(text, locale) is not None:  # --fallback-language
                reading.warning(f"{kind} `{item_id}` has no text for locale {locale}; audience "
                                f"`{audience.id}` gets its `{case.fallback}` text",
                                reading.at(kind, item_id, *path))
            else:
                reading.error(f"{kind} `{item_id}` has no text for locale {locale}, which "
                              f"audience `{audience.id}` reads; add "
                              f"`{text_key(locale)}: ...` to its {_field_name(path)}",
                              reading.at(kind, item_id, *path))


def _field_name(path: tuple) -> str:
    return "indicator" if path[0] == "indicators" else str(path[-1])


def _texts_for(case: Case, audience):
    sel = select(case, audience)
    for fact in sel.facts:
        yield "fact", fact.id, ("text",), fact.text
    for j in sel.judgements:
        yield "judgement", j.id, ("text",), j.text
        if audience.id in j.implications:
            yield "judgement", j.id, ("implications", audience.id), j.implications[audience.id]
        for index, indicator in enumerate(j.indicators):
            yield "judgement", j.id, ("indicators", index), indicator
    for r in sel.recommendations:
        yield "recommendation", r.id, ("text",), r.text


def check_case_texts(case: Case, reading: Reading) -> None:
    for audience in case.readers():
        # The author is a unit's name: a plain string serves every locale.
        if resolve_text(case.meta.title, audience.locale, case.meta.language) is None:
            reading.error(f"case `title` has no text for locale {audience.locale} (audience "
                          f"`{audience.id}`); add `{text_key(audience.locale)}: ...`",
                          reading.location(case.dir / "case.yaml", "title"))
        if resolve_text(audience.spec.title, audience.locale, case.meta.language) is None:
            reading.error(f"audience title has no text for its own locale {audience.locale}",
                          reading.location(audience.file, "title"))



def check_dates(case: Case, reading: Reading) -> None:
    for fact in case.facts:
        if fact.date and fact.date.split("/")[0] > case.meta.as_of:
            reading.warning(f"fact `{fact.id}` is dated {fact.date}, after the case's "
                            f"as-of date {case.meta.as_of}", reading.at("fact", fact.id, "date"))


def check_unused_sources(case: Case, reading: Reading) -> None:
    if "fact" in reading.unreadable or any(k == "fact" for k, _ in reading.broken):
        return
    cited = {c.source for f in case.facts for c in f.sources}
    for source_id in case.sources:
        if source_id not in cited:
            reading.warning(f"source `{source_id}` is not cited by any fact",
                            reading.at("source", source_id, "id"))


def check_restricted_basis(case: Case, reading: Reading) -> None:
    """A judgement an audience sees should keep some basis that audience sees."""
    for audience in case.audiences.values():
        sel = select(case, audience)
        for j in sel.judgements:
            if any(not _unknown(reading, ("fact", "judgement"), b) for b in j.basis):
                continue
            if not any(b in sel.visible_ids for b in j.basis):
                reading.warning(f"judgement `{j.id}` reaches audience `{audience.id}` but none "
                                "of its basis does; it will be printed without support",
                                reading.at("judgement", j.id, "basis"))


def check_templates_present(case: Case, reading: Reading) -> None:
    for audience in case.audiences.values():
        template = audience.dir / audience.spec.template
        if not _inside(template, audience.dir.parent):
            reading.error(f"template `{audience.spec.template}` of audience `{audience.id}` "
                          "points outside the templates folder; name a file inside it",
                          reading.location(audience.file, "template"))
        elif not template.is_file():
            reading.error(f"audience `{audience.id}` has no template {template.name} in "
                          f"{audience.dir.name}/; create it or set `template:`",
                          reading.location(audience.file, "template"))


def _inside(path, folder) -> bool:
    """True when ``path`` (symlinks resolved) lies inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def check_house_style(case: Case, reading: Reading) -> None:
    from ..freshness import inside_project, reference_docx_candidates

    project = reading.project
    for audience in case.audiences.values():
        for candidate in reference_docx_candidates(project, audience.dir):
            if candidate.exists() and not inside_project(project, candidate):
                reading.error(f"{candidate.name} resolves outside the project (a link to "
                              f"{candidate.resolve().parent.name}/); copy the house style "
                              "into the project instead", Location(candidate))


def check_renders(case: Case, reading: Reading) -> None:
    """Run each audience's templates on everything its brief may hold (no
    file is written), so a case that passes `check` builds: a template error
    is reported here, the first only (the others usually repeat it)."""
    from ..errors import TemplateFailure
    from ..render import AudienceRenderer

    if any(d.is_error for d in reading.diagnostics):
        return  # a broken case would only repeat its errors as template failures
    for audience in case.readers():
        try:
            AudienceRenderer(reading.project, case, audience).check_templates()
        except TemplateFailure as exc:
            reading.diagnostics.append(exc.diagnostic)
            return


CHECKS = [
    check_duplicate_ids,
    check_source_keys,
    check_source_languages,
    check_citations,
    check_bases,
    check_cycles,
    check_audience_refs,
    *VOCABULARY_CHECKS,
    check_audiences_served,
    check_descriptors,
    check_case_texts,
    check_texts,
    check_dates,
    check_unused_sources,
    check_restricted_basis,
    check_templates_present,
    check_house_style,
    check_renders,
]

__all__ = ["check_case", "CHECKS", "may_see"]
