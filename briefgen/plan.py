"""Planning a build: which files are wanted, and why each is outdated.

Answers "everything is up to date" from the manifest alone when it can (no
input parsed); otherwise checks every requested case (nothing is written if
any has an error) and asks ``why_outdated`` of each target. Nothing here
writes a file: the plan is a list of jobs and the files already up to date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from .errors import InputErrors
from .freshness import current_deps, fast_up_to_date, input_hashes, output_hash
from .jobs import Job
from .manifest import Deps, Manifest, files_changed_only, seen_unchanged, why_outdated
from .model import Audience, Case, Project
from .targets import Target
from .writers.registry import FORMATS, writer


@dataclass(frozen=True)
class Settings:
    """What to build and how: the command line's options."""

    audiences: list[str] | None = None  # None: every audience of each case
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    lock_timeout: float = 60.0
    jobs: int | None = None  # worker processes; None: one per core
    fallback: str | None = None  # --fallback-language
    # `watch` builds drafts: files are written, but no edition is minted; the
    # next `briefgen build` mints it (and rebuilds the drafts as editions).
    draft: bool = False


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    up_to_date: list[tuple[Target, str]] = field(default_factory=list)  # (target, why)
    warnings: list[str] = field(default_factory=list)  # the cases' own, as `check` prints them


def load_checked_case(project: Project, case_id: str, fallback: str | None = None,
                      warnings: list[str] | None = None, renders: bool = True) -> Case:
    """The case, or InputErrors listing every problem (nothing is written).
    Its warnings, as the lines `check` prints, go to ``warnings``. With
    ``renders=False`` no audience is rendered (see ``plan``)."""
    from .inputs.validate import check_case

    case, diagnostics = check_case(project, case_id, fallback, renders)
    if case is None or any(d.is_error for d in diagnostics):
        raise InputErrors([d for d in diagnostics if d.severity == "error"])
    if warnings is not None:
        warnings += [d.render() for d in diagnostics if d.severity == "warning"]
    return case


def select_audiences(case: Case, wanted: list[str] | None) -> list[str]:
    from .errors import UsageError, did_you_mean

    audiences = list(case.meta.audiences)
    for name in wanted or []:
        if name not in audiences:
            raise UsageError(f"case `{case.id}` has no audience `{name}`"
                             f"{did_you_mean(name, audiences)}; it has: {', '.join(audiences)}")
    return [a for a in audiences if not wanted or a in wanted]


def select_formats(wanted: list[str] | None) -> tuple[str, ...]:
    """The formats asked for (`--format`), in the registry's order; all by default."""
    from .errors import UsageError, did_you_mean

    for name in wanted or []:
        if name not in FORMATS:
            raise UsageError(f"unknown format `{name}`{did_you_mean(name, FORMATS)}; "
                             f"use {' or '.join(FORMATS)}")
    return tuple(f for f in FORMATS if not wanted or f in wanted)


def up_to_date_from_manifest(project: Project, manifest: Manifest, case_ids: list[str],
                             settings: Settings) -> list[Target] | None:
    """Every requested target, if the manifest and file hashes show all are up
    to date; else None (then the build plans)."""
    names = []
    for case_id in case_ids:
        found = fast_up_to_date(project, manifest, case_id, settings.audiences,
                                [writer(f) for f in settings.formats], settings.draft)
        if found is None:
            return None
        names += found
    return [Target.parse(n) for n in names]


def plan(project: Project, manifest: Manifest, case_ids: list[str], settings: Settings) -> Plan:
    """A job per audience (and locale) with outdated files. The manifest is told
    each case's audiences and forgets locales no longer asked for."""
    found = Plan()
    # Every case is checked before anything is written, but not rendered: each
    # job runs its templates first (jobs.render_job), in the workers, and
    # nothing is written unless every job succeeds.
    cases = [load_checked_case(project, c, settings.fallback, found.warnings, renders=False)
             for c in case_ids]
    for case in cases:
        manifest.cases[case.id] = list(case.meta.audiences)
        for audience_id in select_audiences(case, settings.audiences):
            variants = _variants(case, audience_id)
            _forget_other_variants(manifest, case.id, audience_id, variants)
            inputs = input_hashes(project, case.id, audience_id)  # as this build read them
            for variant in variants:
                verdicts = _verdicts(project, manifest, case, audience_id, variant, settings,
                                     inputs)
                found.up_to_date += [(t, v.reason) for t, v in verdicts.items() if v.fresh]
                outdated = {t: v for t, v in verdicts.items() if not v.fresh}
                if outdated:
                    found.jobs.append(Job(case, audience_id,
                                          {t: v.reason for t, v in outdated.items()},
                                          variant=variant,
                                          keep_hint=manifest.kept([t.name for t in verdicts]),
                                          last_brief=_last_brief(outdated.values()),
                                          inputs=inputs))
    return found


@dataclass(frozen=True)
class _Verdict:
    """One wanted file: why it is outdated (or why not, when ``fresh``)."""

    reason: str
    fresh: bool = False
    # The brief digest it recorded, when changed input or template files are
    # all that make it outdated (the job may find the brief renders the same).
    last_brief: str | None = None


def _last_brief(verdicts) -> str | None:
    """The digest every outdated file of the brief recorded, if they agree."""
    digests = {v.last_brief for v in verdicts}
    return digests.pop() if len(digests) == 1 else None


def _variants(case: Case, audience_id: str) -> list[str | None]:
    """None for the audience's main locale, then each further locale."""
    return [None, *case.audiences[audience_id].locales[1:]]


def _forget_other_variants(manifest: Manifest, case_id: str, audience_id: str,
                           variants: list[str | None]) -> None:
    """A locale dropped from audience.yaml is no longer a target."""
    for name in list(manifest.targets):
        target = Target.parse(name)
        if (target.case, target.audience) == (case_id, audience_id) \
                and target.variant not in variants:
            del manifest.targets[name]


def _verdicts(project: Project, manifest: Manifest, case: Case, audience_id: str,
              variant: str | None, settings: Settings,
              inputs: dict[str, str]) -> dict[Target, _Verdict]:
    """Per wanted file of the brief: whether it is outdated, and why."""
    audience = case.audiences[audience_id]
    seen = _Seen(case, audience.in_locale(variant) if variant else audience)
    found = {}
    recorded = manifest.recorded_templates([Target(case.id, audience_id, f, variant).name
                                            for f in settings.formats])
    for target in (Target(case.id, audience_id, f, variant) for f in settings.formats):
        deps = current_deps(project, case.id, audience_id, writer(target.format), recorded,
                            settings.draft, inputs)
        found[target] = _Verdict("forced") if settings.force else \
            _verdict(manifest, target, deps, output_hash(target.path(project)), seen)
    return found


def _verdict(manifest: Manifest, target: Target, deps: Deps, output: str | None,
             seen: _Seen) -> _Verdict:
    record = manifest.targets.get(target.name)
    reason = why_outdated(record, deps, output)
    if reason is None:
        return _Verdict("up to date", fresh=True)
    if record is None or not files_changed_only(record, deps, output):
        return _Verdict(reason)
    if record.deps.get("seen"):  # maybe nothing it may see changed (the digest costs a selection)
        deps = dataclasses.replace(deps, seen=seen.digest)
        if seen_unchanged(record, deps, output):
            manifest.targets[target.name] = dataclasses.replace(record, deps=deps.as_json())
            return _Verdict(f"up to date ({reason}, but nothing {target.audience} may see)",
                            fresh=True)
    return _Verdict(reason, last_brief=record.deps.get("brief") or None)


class _Seen:
    """The audience's ``seen_digest``, made once and only when asked."""

    def __init__(self, case: Case, audience: Audience):
        self.case, self.audience = case, audience

    @cached_property
    def digest(self) -> str:
        from .select import seen_digest

        return seen_digest(self.case, self.audience)
