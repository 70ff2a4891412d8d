"""Recording a build: each audience's edition settled, each job's files
staged (those whose bytes changed, as complete temporary files) and entered
in the manifest, the staged files published once every job is done, and
the manifest saved. Only the main process records; workers return bytes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .freshness import current_deps, output_hash, relative
from .jobs import Job, JobResult
from .manifest import Manifest, Record, bytes_hash, manifest_path
from .model import Project
from .outputs import publish, remove_quietly, temporaries, write_atomic, write_temporary
from .targets import Target
from .writers.registry import writer


@dataclass(frozen=True)
class Stored:
    target: Target
    reason: str  # why it was outdated
    # The new bytes in a temporary file, waiting for ``publish_all``; None when
    # the file already had these bytes, and is left alone.
    staged: Path | None

    @property
    def written(self) -> bool:
        return self.staged is not None


def settle_edition(project: Project, manifest: Manifest, job: Job, draft: bool,
                   minted: dict[Path, bytes]) -> None:
    """The edition the job's brief carries; a new one's snapshot goes in
    ``minted``, written by ``publish_all`` with the files (editions.settle)."""
    from .editions import settle

    job.edition = settle(project.out, manifest, job.case, job.audience_id, draft, minted)


def record(project: Project, manifest: Manifest, job: Job, result: JobResult,
           draft: bool) -> list[Stored]:
    """Stage one job's outputs (those whose bytes changed) and record each with
    what it was built from. A brief that renders as last time (``unchanged``)
    stages nothing: its files stand, and only their records are renewed."""
    templates = {relative(project, p): "" for p in result.templates}
    stored = []
    for target, reason in job.reasons.items():
        deps = dataclasses.replace(current_deps(project, job.case.id, job.audience_id,
                                                writer(target.format), templates, draft,
                                                job.inputs),
                                   seen=result.seen, brief=result.brief)
        if result.unchanged:
            staged, output = None, manifest.targets[target.name].output
        else:
            data = result.outputs[target.format]
            staged, output = _stage_if_changed(project, target, data), bytes_hash(data)
        stored.append(Stored(target, reason, staged))
        manifest.targets[target.name] = Record(deps.as_json(), output,
                                               job.settled_edition.number, result.keep)
    return stored


def _stage_if_changed(project: Project, target: Target, data: bytes) -> Path | None:
    path = target.path(project)
    if output_hash(path) == bytes_hash(data):  # identical bytes: leave the file alone
        return None
    return write_temporary(path, data, temporaries(project.out))


def publish_all(project: Project, stored: list[Stored], minted: dict[Path, bytes]) -> None:
    """Put every staged file in place, and write the snapshots of the editions
    they carry (the build's jobs all succeeded: a failed build mints none)."""
    for path, data in minted.items():
        write_atomic(path, data, temporaries(project.out))
    for item in stored:
        if item.staged is not None:
            publish(item.staged, item.target.path(project))


def discard_all(stored: list[Stored]) -> None:
    """Remove staged files: a job failed, so the previous outputs stand."""
    for item in stored:
        if item.staged is not None:
            remove_quietly(item.staged)


def save_manifest(project: Project, manifest: Manifest, before: bytes) -> None:
    """Write the manifest if this build changed it (``before``: its bytes when loaded)."""
    data = manifest.to_bytes()
    if data != before:
        write_atomic(manifest_path(project.out), data, temporaries(project.out))
