"""What a target depends on now, and the fast "is everything up to date?" path.

The fast path answers from the manifest and file hashes alone — no YAML
parsed, no schema loaded — so a scheduler calling `briefgen build` every
minute pays almost nothing when nothing changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .manifest import Deps, Manifest, file_hash, why_outdated
from .model import Project

if TYPE_CHECKING:  # for types only: the registry imports this module
    from .writers.registry import Writer

CASE_FILES = ("case.yaml", "sources.yaml", "sources.json", "facts.yaml", "judgements.yaml",
              "recommendations.yaml")


def relative(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()


def input_files(project: Project, case_id: str, audience_id: str) -> list[Path]:
    """The files one case × audience reads, found the way the reader finds them."""
    case_dir = project.case_dir(case_id)
    files = [case_dir / name for name in CASE_FILES if (case_dir / name).is_file()]
    files += sorted((case_dir / "facts").glob("*.yaml")) if (case_dir / "facts").is_dir() else []
    topics = project.inputs / "topics.yaml"  # the desk's vocabulary: headings of every case
    files += [topics] if topics.is_file() else []
    return files + [project.templates / audience_id / "audience.yaml"]


def reference_docx_candidates(project: Project, audience_dir: Path) -> list[Path]:
    """Where a house style may be: the audience's own folder, then templates/."""
    return [audience_dir / "reference.docx", project.templates / "reference.docx"]


def inside_project(project: Project, path: Path) -> bool:
    """True when ``path``, links resolved, lies inside the project."""
    try:
        path.resolve().relative_to(project.root)
        return True
    except ValueError:
        return False


def reference_docx_path(project: Project, audience_dir: Path) -> Path | None:
    """The house style in force, if any. One that resolves outside the project
    (a link) is never read; `check` reports it."""
    for candidate in reference_docx_candidates(project, audience_dir):
        if candidate.is_file():
            return candidate if inside_project(project, candidate) else None
    return None


def input_hashes(project: Project, case_id: str, audience_id: str) -> dict[str, str]:
    """The hash of each file one case × audience reads, by project-relative path."""
    return {relative(project, f): file_hash(f)
            for f in input_files(project, case_id, audience_id)}


def current_deps(project: Project, case_id: str, audience_id: str, writer: Writer,
                 templates: dict[str, str], draft: bool = False,
                 inputs: dict[str, str] | None = None) -> Deps:
    """What one case × audience file in ``writer``'s format depends on now
    (``inputs``: its ``input_hashes``, when the caller has them already)."""
    if inputs is None:
        inputs = input_hashes(project, case_id, audience_id)
    again = {name: file_hash(project.root / name) for name in templates}
    own = {i.label: i.digest(project, audience_id) for i in writer.inputs}
    return Deps(inputs, again, own, mode="draft" if draft else "edition",
                source_date_epoch=source_date_epoch())


def source_date_epoch() -> str:
    """SOURCE_DATE_EPOCH when set to whole seconds (reproducible-builds.org), else ""."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return value if value.isdigit() else ""


def output_hash(path: Path) -> str | None:
    return file_hash(path) if path.is_file() else None


def fast_up_to_date(project: Project, manifest: Manifest, case_id: str,
                    audiences: list[str] | None, writers: list[Writer],
                    draft: bool = False) -> list[str] | None:
    """The up-to-date target names, if every requested target is; else None."""
    known = manifest.cases.get(case_id)
    if known is None:
        return None
    wanted = audiences or known
    if not set(wanted) <= set(known):
        return None
    names = []
    for audience_id in wanted:
        inputs = input_hashes(project, case_id, audience_id)  # the same for each file of it
        for writer in writers:
            found = _recorded(manifest, case_id, audience_id, writer.suffix)
            if f"{case_id}/{audience_id}{writer.suffix}" not in found:
                return None
            for name in found:
                record = manifest.targets[name]
                deps = current_deps(project, case_id, audience_id, writer,
                                    record.deps.get("templates", {}), draft, inputs)
                if why_outdated(record, deps, output_hash(project.out / name)) is not None:
                    return None
                names.append(name)
    return names


def _recorded(manifest: Manifest, case_id: str, audience_id: str, suffix: str) -> list[str]:
    """Names of the audience's recorded outputs with a suffix: its main locale and
    each further one (`rs-domestic.pdf`, `rs-domestic.sr-Cyrl.pdf`). A locale added
    to audience.yaml changes that file, so it is never missed here."""
    prefix = f"{case_id}/{audience_id}."
    return [name for name in manifest.targets
            if name.startswith(prefix) and name.endswith(suffix)
            and "/" not in name[len(prefix):]]
