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


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def render_targets(project: Project, case: Case, audience_id: str, formats: list[str],
                   edition=None) -> dict[str, bytes]:
    """Every requested format of one audience's briefing, as bytes (nothing written)."""
    from .render import Edition, render_audience

    audience = case.audiences[audience_id]
    rendered = render_audience(project, case, audience, edition or Edition())
    options = writer_options(project, audience, case)
    return {fmt: writer_for(fmt)(rendered.document, options) for fmt in formats}


def build(project: Project, case_ids: list[str], audiences: list[str] | None,
          formats: list[str], progress: Callable[[str], None] = lambda _: None) -> BuildReport:
    report = BuildReport()
    cases = [load_checked_case(project, c) for c in case_ids]  # all inputs checked first
    for case in cases:
        for audience_id in select_audiences(case, audiences):
            progress(f"{case.id}/{audience_id}")
            outputs = render_targets(project, case, audience_id, formats)
            for fmt, data in outputs.items():
                target = Target(case.id, audience_id, fmt)
                write_atomic(target.path(project), data)
                report.built.append((target, "built"))
    return report
