"""Plan a build, render each audience once, write each format atomically.

Writers return bytes; only this module touches ``out/``. A file is written
to a temporary name in the same folder and renamed over the old one, so a
reader (or a killed build) only ever sees the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import InputErrors
from .manifest import Deps, Manifest, Record, bytes_hash, file_hash, fonts_hash, why_outdated
from .model import Case, Project

FORMATS = ("docx", "pdf")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@dataclass(frozen=True)
class Target:
    case: str
    audience: str
    format: str

    def path(self, project: Project) -> Path:
        return project.out / self.case / f"{self.audience}.{self.format}"

    @property
    def name(self) -> str:
        return f"{self.case}/{self.audience}.{self.format}"


@dataclass
class BuildReport:
    built: list[tuple[Target, str]] = field(default_factory=list)  # (target, reason)
    skipped: list[tuple[Target, str]] = field(default_factory=list)

    def as_json(self, project: Project) -> dict:
        def row(target: Target, reason: str) -> dict:
            return {"case": target.case, "audience": target.audience, "format": target.format,
                    "path": str(target.path(project).relative_to(project.root)),
                    "reason": reason}

        return {"ok": True, "built": [row(*b) for b in self.built],
                "skipped": [row(*s) for s in self.skipped]}


def load_checked_case(project: Project, case_id: str) -> Case:
    """The case, or InputErrors listing every problem (nothing is written)."""
    from .inputs.validate import check_case

    case, diagnostics = check_case(project, case_id)
    if case is None or any(d.is_error for d in diagnostics):
        raise InputErrors([d for d in diagnostics if d.severity == "error"])
    return case


def select_audiences(case: Case, wanted: list[str] | None) -> list[str]:
    from .errors import UsageError, did_you_mean

    audiences = list(case.meta.audiences)
    for name in wanted or []:
        if name not in audiences:
            raise UsageError(f"case `{case.id}` has no audience `{name}`"
                             f"{did_you_mean(name, audiences)}; it has: {', '.join(audiences)}")
    return [a for a in audiences if not wanted or a in wanted]


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write to a temporary file on the same file system, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove_quietly(Path(tmp))
        raise


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def writer_for(fmt: str) -> Callable:
    # Imported on demand: `check` and `--help` never load a writer.
    if fmt == "docx":
        from .writers.docx import write
    else:
        from .writers.pdf import write
    return write


def writer_options(project: Project, audience, case: Case):
    from .document import WriterOptions

    reference = _reference_docx(project, audience)
    return WriterOptions(reference_docx=reference, timestamp=_timestamp(case))


def _timestamp(case: Case) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        import datetime as dt

        moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = case.meta.as_of.split("-") + ["01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def reference_docx_path(project: Project, audience) -> Path | None:
    """The house style: the audience's own reference.docx, else the project's."""
    for candidate in (audience.dir / "reference.docx", project.templates / "reference.docx"):
        if candidate.is_file():
            return candidate
    return None


def _reference_docx(project: Project, audience) -> bytes | None:
    path = reference_docx_path(project, audience)
    return path.read_bytes() if path else None


def build(project: Project, case_ids: list[str], audiences: list[str] | None,
          formats: list[str], progress: Callable[[str], None] = lambda _: None,
          force: bool = False, lock_timeout: float = 60.0) -> BuildReport:
    """Bring the requested targets up to date; write only what changed."""
    from .locking import project_lock

    with project_lock(project, lock_timeout):
        _clear_stale_temporaries(project)
        manifest = Manifest.load(manifest_path(project))
        before = manifest.to_bytes()
        cases = [load_checked_case(project, c) for c in case_ids]  # all inputs checked first
        report = BuildReport()
        for case in cases:
            for audience_id in select_audiences(case, audiences):
                job = AudienceJob(project, manifest, case, audience_id, formats, force)
                job.run(report, progress)
        if manifest.to_bytes() != before:
            write_atomic(manifest_path(project), manifest.to_bytes())
    return report


def manifest_path(project: Project) -> Path:
    return project.out / ".briefgen" / "manifest.json"


def _temporaries(project: Project) -> Path:
    return project.out / ".briefgen" / "tmp"


def _clear_stale_temporaries(project: Project) -> None:
    # Left by a killed build; we hold the lock, so nobody is writing them.
    folder = _temporaries(project)
    if folder.is_dir():
        for leftover in folder.iterdir():
            _remove_quietly(leftover)


def current_deps(project: Project, case: Case, audience, templates: dict[str, str]) -> Deps:
    files = [f for f in case.files if case.dir in f.parents or f == audience.file]
    inputs = {_rel(project, f): file_hash(f) for f in files}
    again = {name: file_hash(project.root / name) for name in templates}
    reference = reference_docx_path(project, audience)
    house_style = file_hash(reference) if reference else "none"
    return Deps(inputs, again, house_style, fonts_hash())


def _rel(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def _output_hash(path: Path) -> str | None:
    return file_hash(path) if path.is_file() else None


@dataclass
class AudienceJob:
    """Build the outdated formats of one case × audience."""

    project: Project
    manifest: Manifest
    case: Case
    audience_id: str
    formats: list[str]
    force: bool

    @property
    def key(self) -> str:
        return f"{self.case.id}/{self.audience_id}"

    def targets(self) -> list[Target]:
        return [Target(self.case.id, self.audience_id, f) for f in self.formats]

    def reasons(self, deps: Deps) -> dict[Target, str | None]:
        return {t: "forced" if self.force else why_outdated(
            self.manifest.targets.get(t.name), deps, _output_hash(t.path(self.project)))
            for t in self.targets()}

    def run(self, report: BuildReport, progress) -> None:
        audience = self.case.audiences[self.audience_id]
        recorded = self.manifest.recorded_templates([t.name for t in self.targets()])
        reasons = self.reasons(current_deps(self.project, self.case, audience, recorded))
        if not any(reasons.values()):
            report.skipped += [(t, "up to date") for t in reasons]
            return
        progress(self.key)
        outdated = {t: r for t, r in reasons.items() if r}
        report.skipped += [(t, "up to date") for t, r in reasons.items() if not r]
        edition = self._edition(audience)
        outputs, templates = self._render(audience, edition, [t.format for t in outdated])
        deps = current_deps(self.project, self.case, audience,
                            {_rel(self.project, p): "" for p in templates})
        for target, reason in outdated.items():
            self._store(target, outputs[target.format], deps, edition, reason, report)
        self.manifest.editions[self.key] = {"number": edition.number, "hash": edition.hash}

    def _edition(self, audience):
        from .editions import EditionRecord, edition_path, next_edition, snapshot
        from .locale.labels import labels_for
        from .select import select

        known = self.manifest.editions.get(self.key)
        previous = EditionRecord.from_file(edition_path(
            self.project.out, self.case.id, self.audience_id, known["number"])) if known else None
        snap = snapshot(self.case, audience, select(self.case, audience))
        edition, is_new = next_edition(previous, snap, self.case.meta.as_of,
                                       labels_for(audience.locale))
        if is_new:
            write_atomic(edition_path(self.project.out, self.case.id, self.audience_id,
                                      edition.number), edition.to_bytes(), self._tmp())
        return edition

    def _render(self, audience, edition, formats: list[str]):
        from .render import Edition, render_audience

        rendered = render_audience(self.project, self.case, audience,
                                   Edition(edition.number, edition.changes))
        options = writer_options(self.project, audience, self.case)
        outputs = {fmt: writer_for(fmt)(rendered.document, options) for fmt in formats}
        return outputs, rendered.templates

    def _store(self, target: Target, data: bytes, deps: Deps, edition, reason, report) -> None:
        path = target.path(self.project)
        digest = bytes_hash(data)
        if _output_hash(path) != digest:  # identical bytes: leave the file alone
            write_atomic(path, data, self._tmp())
            report.built.append((target, reason or "rebuilt"))
        else:
            report.skipped.append((target, f"unchanged ({reason})"))
        self.manifest.targets[target.name] = Record(deps.as_json(), digest, edition.number)

    def _tmp(self) -> Path:
        return _temporaries(self.project)
