"""Bring a build's targets up to date: the thin orchestration `build` and
`watch` call. Each phase is owned by its own module:

1. under the project lock, answer "up to date" from the manifest alone when
   nothing changed (no input parsed) — ``plan.up_to_date_from_manifest``;
   nothing on that path imports more than a dozen of briefgen's modules, so
   the command line (``quick``) asks it before it even loads its parser;
2. otherwise check every requested case (nothing is written if any has an
   error) and ask, per target, ``why_outdated`` — ``plan.plan``;
3. settle each outdated audience's edition (new only if what it may see
   changed; its snapshot is written with the files) — ``recording.settle_edition``;
4. render outdated targets — in worker processes when there are several
   (``jobs.render_job`` on ``parallel.run_jobs``; each job first runs its
   templates on everything its brief may hold) — stage their files and record
   them in the manifest (``recording``); once every job is done, publish the
   staged files. A failed job discards them: nothing is written.

Writers return bytes; only the main process touches ``out/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .freshness import relative
from .jobs import Job, JobResult, collector_paused, fitted_brief, render_job, writer_options
from .manifest import Manifest, manifest_path
from .model import Project
from .outputs import clear_stale_temporaries
from .plan import Settings, load_checked_case, plan, up_to_date_from_manifest
from .recording import Stored, discard_all, publish_all, record, save_manifest, settle_edition
from .targets import Target
from .writers.registry import FORMATS

# What callers import from here: build() and its Settings and report; and for
# bench/, which predates the split, the job's fit and the plan's case check.
__all__ = ["BuildReport", "Settings", "Target", "build", "fitted_brief", "load_checked_case",
           "writer_options"]


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

    def summary(self) -> str:
        """The line a build ends with."""
        built = len(self.built)
        if not built:
            return f"up to date ({len(self.skipped)} files)"
        return f"built {built} file{'s' if built != 1 else ''}, {len(self.skipped)} up to date"

    def add(self, job: Job, result: JobResult, stored: list[Stored]) -> None:
        if result.left_out:
            self.composition.append((job.label, result.left_out))
        if result.overflow:
            self.warnings.append(result.overflow)
        self.warnings.extend(result.warnings)
        for s in stored:
            if s.written:
                self.built.append((s.target, s.reason))
            else:
                self.skipped.append((s.target, f"unchanged ({s.reason})"))


DEFAULTS = Settings()  # every audience in every format, as `briefgen build` with no options


def build(project: Project, case_ids: list[str], settings: Settings = DEFAULTS,
          progress: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Bring the requested targets up to date; write only what changed."""
    try:
        with collector_paused():  # its jobs collect after themselves
            return _build(project, case_ids, settings, progress)
    except OSError as exc:  # out/ unwritable, disk full: never a traceback
        raise OutputError.from_os_error(exc) from None


def _build(project: Project, case_ids: list[str], settings: Settings,
           progress: Callable[[str], None]) -> BuildReport:
    from .locking import project_lock

    with project_lock(project, settings.lock_timeout):
        manifest = _open_manifest(project)
        known = _no_op(project, manifest, case_ids, settings)
        if known is not None:
            return known
        before = manifest.to_bytes()  # the manifest is written only if the build changes it
        report = BuildReport()
        with _workers_for(case_ids, settings):
            todo = plan(project, manifest, case_ids, settings)
            report.skipped += todo.up_to_date
            report.warnings += todo.warnings
            minted: dict[Path, bytes] = {}
            for job in todo.jobs:
                settle_edition(project, manifest, job, settings.draft, minted)
            _render_and_record(project, manifest, todo.jobs, report, progress, settings, minted)
        save_manifest(project, manifest, before)
    return report


def _workers_for(case_ids: list[str], settings: Settings):
    """Several cases: workers forked before the cases are read, so none of them
    carries a copy of every case (``parallel.workers_ahead``). One case: the
    plan decides, after reading it, whether workers are worth starting."""
    from contextlib import nullcontext

    from .parallel import workers_ahead

    return workers_ahead(settings.jobs) if len(case_ids) > 1 else nullcontext()


def _open_manifest(project: Project) -> Manifest:
    """A build's first step under the project lock: clear what a killed build
    left, then read what the last one recorded."""
    clear_stale_temporaries(project.out)
    return Manifest.load(manifest_path(project.out))


def _no_op(project: Project, manifest: Manifest, case_ids: list[str],
           settings: Settings) -> BuildReport | None:
    """The report of a build with nothing to do, if the manifest and file hashes
    show every requested target up to date (no input parsed); else None."""
    if settings.force or settings.fallback:
        return None
    known = up_to_date_from_manifest(project, manifest, case_ids, settings)
    if known is None:
        return None
    return BuildReport(skipped=[(t, "up to date") for t in known])


def _render_and_record(project: Project, manifest: Manifest, todo: list[Job],
                       report: BuildReport, progress: Callable[[str], None],
                       settings: Settings, minted: dict[Path, bytes]) -> None:
    """Each further locale starts as soon as its main locale is done, capped at
    what that brief kept (it usually fits in one layout); audiences with
    further locales start first, so their follow-ups overlap the others."""
    from .parallel import run_jobs

    followers = _followers(todo)
    ready = [j for j in todo if j.variant is None or j.key not in followers]
    ready.sort(key=lambda j: not followers.get(j.key))  # stable: those with followers first
    for job in (j for j in ready if j.variant is not None):  # its main is up to date
        job.keep_cap = manifest.kept([Target(job.case.id, job.audience_id, f).name
                                      for f in FORMATS])

    def then(job: Job, result: JobResult) -> list[Job]:
        waiting = followers.get(job.key, []) if job.variant is None else []
        for follower in waiting:
            follower.keep_cap = result.keep
        return waiting

    stored: list[Stored] = []
    try:
        for job, result in run_jobs(render_job, project, ready, settings.jobs, then):
            progress(job.label)
            staged = record(project, manifest, job, result, settings.draft)
            stored += staged
            report.add(job, result, staged)
    except BaseException:
        discard_all(stored)
        raise
    publish_all(project, stored, minted)


def _followers(todo: list[Job]) -> dict[str, list[Job]]:
    """Per audience being rebuilt in its main locale: its further locales to rebuild."""
    mains = {j.key for j in todo if j.variant is None}
    found: dict[str, list[Job]] = {}
    for job in todo:
        if job.variant is not None and job.key in mains:
            found.setdefault(job.key, []).append(job)
    return found
