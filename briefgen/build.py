"""Plan a build, render each outdated audience once, write each format atomically.

The build is a table of phases:

1. under the project lock, answer "up to date" from the manifest alone when
   nothing changed (no input parsed);
2. otherwise check every requested case (nothing is written if any has an
   error) and ask, per target, ``why_outdated``;
3. settle each outdated audience's edition (new only if what it may see
   changed);
4. render and write outdated targets — in worker processes when there are
   several — and record them in the manifest.

Writers return bytes; only the main process touches ``out/``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputErrors, Location, OutputError, TemplateFailure
from .freshness import current_deps, fast_up_to_date, output_hash, reference_docx_path, relative
from .manifest import Manifest, Record, bytes_hash, manifest_path, why_outdated
from .model import Audience, Case, Project
from .outputs import clear_stale_temporaries, temporaries, write_atomic
from .writers.registry import BUDGET_FORMAT, FORMATS, budget_layout, format_of, writer

if TYPE_CHECKING:  # editions loads the input schema: not on the no-op path
    from .editions import EditionRecord


@dataclass(frozen=True)
class Target:
    case: str
    audience: str
    format: str
    variant: str | None = None  # a further locale of the audience (`rs-domestic.sr-Cyrl.pdf`)

    def path(self, project: Project) -> Path:
        return project.out / self.case / self.file

    @property
    def file(self) -> str:
        middle = f".{self.variant}" if self.variant else ""
        return f"{self.audience}{middle}{writer(self.format).suffix}"

    @property
    def name(self) -> str:
        return f"{self.case}/{self.file}"

    @classmethod
    def parse(cls, name: str) -> Target:
        case, _, file = name.partition("/")
        fmt = format_of(file)
        parts = file.removesuffix(writer(fmt).suffix).split(".")
        return cls(case, parts[0], fmt, ".".join(parts[1:]) or None)


@dataclass
class BuildReport:
    built: list[tuple[Target, str]] = field(default_factory=list)  # (target, reason)
    skipped: list[tuple[Target, str]] = field(default_factory=list)
    # Per brief (`case/audience` or `case/audience.locale`): what its page budget
    # left out, for `-v`; and warnings, shown always (a brief over its budget).
    composition: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self, project: Project) -> dict:
        def row(target: Target, reason: str) -> dict:
            return {"case": target.case, "audience": target.audience, "format": target.format,
                    "path": relative(project, target.path(project)), "reason": reason}

        return {"ok": True, "built": [row(*b) for b in self.built],
                "skipped": [row(*s) for s in self.skipped],
                "left_out": dict(self.composition), "warnings": list(self.warnings)}


@dataclass
class Job:
    """One case × audience (× locale) whose outdated formats need rendering."""

    case: Case
    audience_id: str
    reasons: dict[Target, str]  # outdated targets -> why
    edition: EditionRecord | None = None  # settled in phase 3, before the job runs
    variant: str | None = None  # the locale, when not the audience's first
    keep_hint: int | None = None  # what the page budget kept last time
    # A further locale carries at most what its main locale's brief carries,
    # so the Latin and Cyrillic briefs say the same wherever both fit.
    keep_cap: int | None = None

    @property
    def key(self) -> str:
        """The audience's edition key: every locale of it shares one edition."""
        return f"{self.case.id}/{self.audience_id}"

    @property
    def label(self) -> str:
        return self.key + (f".{self.variant}" if self.variant else "")

    @property
    def audience(self) -> Audience:
        audience = self.case.audiences[self.audience_id]
        return audience.in_locale(self.variant) if self.variant else audience

    @property
    def settled_edition(self) -> EditionRecord:
        if self.edition is None:  # a bug in the build's phases, not a user's error
            raise RuntimeError(f"{self.label}: rendered before its edition was settled")
        return self.edition


def load_checked_case(project: Project, case_id: str, fallback: str | None = None,
                      warnings: list[str] | None = None) -> Case:
    """The case, or InputErrors listing every problem (nothing is written).
    Its warnings, as the lines `check` prints, go to ``warnings``."""
    from .inputs.validate import check_case

    case, diagnostics = check_case(project, case_id, fallback)
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


def writer_options(project: Project, audience, case: Case):
    from .document import WriterOptions

    reference = reference_docx_path(project, audience.dir)
    return WriterOptions(reference_docx=reference.read_bytes() if reference else None,
                         timestamp=_timestamp(case))


def _timestamp(case: Case) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        import datetime as dt

        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = case.meta.as_of.split("-") + ["01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


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


def build(project: Project, case_ids: list[str], settings: Settings = Settings(),
          progress: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Bring the requested targets up to date; write only what changed."""
    try:
        return _build(project, case_ids, settings, progress)
    except OSError as exc:  # out/ unwritable, disk full: never a traceback
        raise OutputError.from_os_error(exc) from None


def _build(project: Project, case_ids: list[str], settings: Settings,
           progress: Callable[[str], None]) -> BuildReport:
    from .locking import project_lock

    with project_lock(project, settings.lock_timeout):
        clear_stale_temporaries(project.out)
        manifest = Manifest.load(manifest_path(project.out))
        before = manifest.to_bytes()
        report = BuildReport()
        if not settings.force and not settings.fallback \
                and _answer_from_manifest(project, manifest, case_ids, settings, report):
            return report
        todo = _plan(project, manifest, case_ids, settings, report)
        for job in todo:
            _settle_edition(project, manifest, job, settings.draft)
        _render_and_store(project, manifest, todo, report, progress, settings)
        if manifest.to_bytes() != before:
            write_atomic(manifest_path(project.out), manifest.to_bytes(), temporaries(project.out))
    return report


def _answer_from_manifest(project, manifest, case_ids, settings: Settings, report) -> bool:
    names = []
    for case_id in case_ids:
        found = fast_up_to_date(project, manifest, case_id, settings.audiences,
                                [writer(f) for f in settings.formats], settings.draft)
        if found is None:
            return False
        names += found
    report.skipped += [(Target.parse(n), "up to date") for n in names]
    return True


def _plan(project, manifest, case_ids, settings: Settings, report) -> list[Job]:
    # Every case is checked before anything is written.
    cases = [load_checked_case(project, c, settings.fallback, report.warnings) for c in case_ids]
    todo = []
    for case in cases:
        manifest.cases[case.id] = list(case.meta.audiences)
        for audience_id in select_audiences(case, settings.audiences):
            variants = _variants(case, audience_id)
            _forget_other_variants(manifest, case.id, audience_id, variants)
            for variant in variants:
                reasons = _reasons(project, manifest, case, audience_id, variant, settings)
                report.skipped += [(t, "up to date") for t, r in reasons.items() if not r]
                outdated = {t: r for t, r in reasons.items() if r}
                if outdated:
                    todo.append(Job(case, audience_id, outdated, variant=variant,
                                    keep_hint=_keep_hint(manifest, reasons)))
    return todo


def _keep_hint(manifest: Manifest, targets) -> int | None:
    """How much of this brief fitted its budget last time (the search starts there)."""
    kept = [r.keep for r in (manifest.targets.get(t.name) for t in targets)
            if r is not None and r.keep is not None]
    return kept[0] if kept else None


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


def _reasons(project, manifest, case, audience_id, variant,
             settings: Settings) -> dict[Target, str | None]:
    targets = [Target(case.id, audience_id, f, variant) for f in settings.formats]
    recorded = manifest.recorded_templates([t.name for t in targets])
    return {t: "forced" if settings.force else why_outdated(
        manifest.targets.get(t.name),
        current_deps(project, case.id, audience_id, writer(t.format), recorded, settings.draft),
        output_hash(t.path(project))) for t in targets}


def _settle_edition(project: Project, manifest: Manifest, job: Job, draft: bool) -> None:
    from .editions import settle

    job.edition = settle(project.out, manifest, job.case, job.audience_id, draft)


@dataclass(frozen=True)
class JobResult:
    outputs: dict[str, bytes]  # format -> bytes
    templates: tuple[Path, ...]
    left_out: str  # what the page budget left out, in words ("" if nothing)
    overflow: str  # a warning when even the always part is over budget
    keep: int | None  # units the budget kept (None: no budget, everything)


def render_job(project: Project, job: Job) -> JobResult:
    """Every outdated format of one audience's briefing, as bytes (runs in a worker).

    The brief is fitted to the audience's page budget on its PDF; the DOCX
    carries exactly the same content."""
    from .render import Edition

    audience = job.audience
    options = writer_options(project, audience, job.case)
    fitted = fitted_brief(project, job.case, audience, options,
                          Edition(job.settled_edition.number, job.settled_edition.changes),
                          job.keep_hint,
                          job.keep_cap)
    outputs = {}
    for target in job.reasons:
        if target.format == BUDGET_FORMAT and fitted.pdf is not None:
            outputs[target.format] = fitted.pdf.data  # the layout that fitted
        else:
            outputs[target.format] = _write(project, audience, target.format,
                                            fitted.rendered.document, options)
    return JobResult(outputs, fitted.rendered.templates, *_fit_words(job, fitted),
                     keep=_kept(fitted))


def _kept(fitted) -> int | None:
    outline = fitted.rendered.outline
    return None if fitted.budget is None else fitted.rendered.units - len(outline.left_out)


def _write(project: Project, audience, fmt: str, document, options) -> bytes:
    """A writer's bytes; a house style it cannot use is reported at its real path."""
    try:
        return writer(fmt).write(document, options)
    except TemplateFailure as exc:
        reference = reference_docx_path(project, audience.dir)
        if reference is None or exc.diagnostic.location.path.name != "reference.docx":
            raise
        located = dataclasses.replace(exc.diagnostic, location=Location(reference))
        raise TemplateFailure(located) from None


def fitted_brief(project: Project, case: Case, audience, options=None, edition=None,
                 hint: int | None = None, cap: int | None = None):
    """The audience's brief at the size its page budget allows (``fitting.Fitted``)."""
    from .fitting import fit
    from .render import AudienceRenderer, Edition

    options = options or writer_options(project, audience, case)
    renderer = AudienceRenderer(project, case, audience, edition or Edition())
    units = list(renderer.units)[:cap] if cap is not None else list(renderer.units)
    render = renderer.render if cap is None else \
        (lambda keep: renderer.render(cap if keep is None else keep))
    return fit(render, lambda doc: budget_layout(doc, options), units, audience.spec.pages,
               _first_guess(hint, cap))


def _first_guess(hint: int | None, cap: int | None) -> int | None:
    """What fitted last time, at most the cap; else the cap (a further locale
    usually fits what its main locale kept)."""
    given = [n for n in (hint, cap) if n is not None]
    return min(given) if given else None


def _fit_words(job: Job, fitted) -> tuple[str, str]:
    from .compose import left_out_summary

    dropped = left_out_summary(fitted.rendered.outline)
    left_out = f"{dropped} left out for the {fitted.budget}-page budget" if dropped else ""
    overflow = ""
    if fitted.overflow:
        overflow = (f"warning: {job.label}: the brief is {fitted.pdf.pages} pages, over its "
                    f"{fitted.budget}-page budget, although everything optional was left out "
                    "(the bottom line and key judgements always print); raise `pages` in "
                    "audience.yaml or shorten the key judgements")
    return left_out, overflow


def _render_and_store(project, manifest, todo: list[Job], report, progress,
                      settings: Settings) -> None:
    """Each further locale starts as soon as its main locale is done, capped at
    what that brief kept (it usually fits in one layout); audiences with
    further locales start first, so their follow-ups overlap the others."""
    from .parallel import run_jobs

    followers = _followers(todo)
    ready = [j for j in todo if j.variant is None or j.key not in followers]
    ready.sort(key=lambda j: not followers.get(j.key))  # stable: those with followers first
    for job in (j for j in ready if j.variant is not None):  # its main is up to date
        job.keep_cap = _main_keep(manifest, job)

    def then(job: Job, result: JobResult) -> list[Job]:
        waiting = followers.get(job.key, []) if job.variant is None else []
        for follower in waiting:
            follower.keep_cap = result.keep
        return waiting

    for job, result in run_jobs(render_job, project, ready, settings.jobs, then):
        _record(project, manifest, job, result, report, progress, settings)


def _followers(todo: list[Job]) -> dict[str, list[Job]]:
    """Per audience being rebuilt in its main locale: its further locales to rebuild."""
    mains = {j.key for j in todo if j.variant is None}
    found: dict[str, list[Job]] = {}
    for job in todo:
        if job.variant is not None and job.key in mains:
            found.setdefault(job.key, []).append(job)
    return found


def _main_keep(manifest: Manifest, job: Job) -> int | None:
    main = [Target(job.case.id, job.audience_id, f) for f in FORMATS]
    return _keep_hint(manifest, main)


def _record(project, manifest, job: Job, result: JobResult, report, progress,
            settings: Settings) -> None:
    """Write one job's outputs (those whose bytes changed) and record them."""
    progress(job.label)
    outputs, templates = result.outputs, result.templates
    if result.left_out:
        report.composition.append((job.label, result.left_out))
    if result.overflow:
        report.warnings.append(result.overflow)
    names = {relative(project, p): "" for p in templates}
    for target, reason in job.reasons.items():
        deps = current_deps(project, job.case.id, job.audience_id, writer(target.format), names,
                            settings.draft)
        _store(project, manifest, target, outputs[target.format], deps, job, reason, report)
        manifest.targets[target.name] = dataclasses.replace(
            manifest.targets[target.name], keep=result.keep)


def _store(project, manifest, target: Target, data: bytes, deps, job: Job, reason, report):
    path = target.path(project)
    digest = bytes_hash(data)
    if output_hash(path) != digest:  # identical bytes: leave the file alone
        write_atomic(path, data, temporaries(project.out))
        report.built.append((target, reason))
    else:
        report.skipped.append((target, f"unchanged ({reason})"))
    manifest.targets[target.name] = Record(deps.as_json(), digest, job.settled_edition.number)
