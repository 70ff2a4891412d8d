"""What each output was built from, and whether it is outdated — and why.

The manifest (``out/.briefgen/manifest.json``) records, per target, the
content hashes of everything it depends on. ``why_outdated`` is a pure
function of the record, the current hashes and the output's state: the
build shows its answer with ``-v``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

from . import __version__

MANIFEST_VERSION = 1


def file_hash(path: Path) -> str:
    """The content hash of a regular file; "missing" for anything else (a FIFO
    would block a read, and the build's check reports it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return "missing"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "missing"
        digest = hashlib.sha256()
        _feed(digest, handle)
        return digest.hexdigest()


def _feed(digest, handle: BinaryIO) -> None:
    """Hash a file in small pieces: reading a megabyte font whole costs more
    in fresh memory than hashing it (a no-op build hashes ~3 MB of fonts)."""
    for chunk in iter(lambda: handle.read(1 << 16), b""):
        digest.update(chunk)


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def fonts_hash() -> str:
    # The folder the PDF writer's fonts come from (importlib.resources finds
    # the same one, but importing it costs a no-op build ~7 ms).
    digest = hashlib.sha256()
    for entry in sorted((_PACKAGE / "fonts").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttf"):
            digest.update(entry.name.encode())
            with entry.open("rb") as handle:
                _feed(digest, handle)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """briefgen's version plus a hash of its own code and templates-free package
    data, so an upgrade (or a development change) rebuilds what it affects.
    A format writer's own package (``writers/<format>/``) is left out: it is
    an input of that writer's files only (``writers.registry``)."""
    code = [p for p in sorted(_PACKAGE.rglob("*.py")) if not _in_a_writer_package(p)]
    return f"{__version__}+{_files_hash(code + sorted((_PACKAGE / 'locale').glob('*')))[:12]}"


@cache
def package_hash(folder: str) -> str:
    """A hash of the code in one folder of briefgen (``writers/docx``)."""
    return _files_hash(sorted((_PACKAGE / folder).rglob("*.py")))


def _in_a_writer_package(path: Path) -> bool:
    parts = path.relative_to(_PACKAGE).parts
    return parts[0] == "writers" and len(parts) > 2


def _files_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            with path.open("rb") as handle:
                _feed(digest, handle)
    return digest.hexdigest()


@dataclass(frozen=True)
class Deps:
    """Everything one target depends on, as ``{label: hash}`` per kind."""

    inputs: dict[str, str]  # case files and audience.yaml, by project-relative path
    templates: dict[str, str]  # every template file the render used
    # What its format's writer depends on beyond the document (writers.registry):
    # {label: hash}, e.g. the house style and the writer's own code.
    writer: dict[str, str]
    briefgen: str = field(default_factory=code_version)
    # How it was built: "draft" under `watch` (no edition minted) or "edition";
    # and SOURCE_DATE_EPOCH, which sets the timestamps inside the files.
    mode: str = "edition"
    source_date_epoch: str = ""
    # A digest of all the audience may see (select.seen_digest), when known:
    # it lets a build leave a target alone when input files changed but
    # nothing in them reaches this audience (``seen_unchanged``).
    seen: str = ""
    # The brief's digest at the size kept and one unit more (jobs.Renders): a
    # rebuild for changed files whose brief renders the same keeps the files.
    brief: str = ""

    def as_json(self) -> dict:
        return {"inputs": self.inputs, "templates": self.templates, "writer": self.writer,
                "briefgen": self.briefgen,
                "mode": self.mode, "source_date_epoch": self.source_date_epoch,
                "seen": self.seen, "brief": self.brief}


@dataclass(frozen=True)
class Record:
    deps: dict  # Deps.as_json() at build time
    output: str  # hash of the bytes written
    edition: int
    keep: int | None = None  # units the page budget kept: the next build's first guess


def why_outdated(record: Record | None, current: Deps, output_hash: str | None) -> str | None:
    """Why this target must be rebuilt, or None when it is up to date."""
    if record is None:
        return "never built"
    if output_hash is None:
        return "output missing"
    if output_hash != record.output:
        return "output changed on disk"
    old = record.deps
    if old.get("briefgen") != current.briefgen:
        return f"briefgen {old.get('briefgen')} → {current.briefgen}"
    changed = [label for label, digest in current.writer.items()
               if old.get("writer", {}).get(label) != digest]
    if changed:
        return f"{changed[0]} changed"
    if old.get("mode", "edition") != current.mode:
        return "a draft (built by watch) becomes an edition" if current.mode == "edition" \
            else "drafting under watch"
    if old.get("source_date_epoch", "") != current.source_date_epoch:
        return "SOURCE_DATE_EPOCH changed"
    return (_changed_file(old.get("inputs", {}), current.inputs)
            or _changed_file(old.get("templates", {}), current.templates))


def seen_unchanged(record: Record | None, current: Deps, output_hash: str | None) -> bool:
    """Whether input files are all that changed since the target was built,
    and what its audience may see did not (``current.seen`` is the digest
    recorded): then the target is up to date, and only its record needs the
    new input hashes."""
    if record is None or not current.seen or record.deps.get("seen") != current.seen:
        return False
    with_old_inputs = dataclasses.replace(current, inputs=record.deps.get("inputs", {}))
    return why_outdated(record, with_old_inputs, output_hash) is None


def files_changed_only(record: Record | None, current: Deps, output_hash: str | None) -> bool:
    """Whether input and template files are all that changed since the target
    was built (its output, briefgen, its writer's inputs and the mode did
    not): then the same brief makes the same file."""
    if record is None:
        return False
    old = record.deps
    as_before = dataclasses.replace(current, inputs=old.get("inputs", {}),
                                    templates=old.get("templates", {}))
    return why_outdated(record, as_before, output_hash) is None


def _changed_file(old: dict, new: dict) -> str | None:
    for name in sorted(set(old) | set(new)):
        if name not in old:
            return f"{_short(name)} added"
        if name not in new or new[name] == "missing":
            return f"{_short(name)} removed"
        if old[name] != new[name]:
            return f"{_short(name)} changed"
    return None


def _short(name: str) -> str:
    # "inputs/case/facts.yaml" reads best as "facts.yaml"; templates keep their folder.
    parts = name.split("/")
    return "/".join(parts[2:]) if parts[0] == "inputs" and len(parts) > 2 else name


def manifest_path(out_dir: Path) -> Path:
    return out_dir / ".briefgen" / "manifest.json"


@dataclass
class Manifest:
    path: Path
    targets: dict[str, Record] = field(default_factory=dict)
    editions: dict[str, dict] = field(default_factory=dict)  # "case/aud" -> {number, hash}
    cases: dict[str, list[str]] = field(default_factory=dict)  # case -> its audiences

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)  # no manifest, or an unreadable one: rebuild everything
        if data.get("version") != MANIFEST_VERSION:
            return cls(path)
        targets = {k: Record(v["deps"], v["output"], v.get("edition", 1), v.get("keep"))
                   for k, v in data.get("targets", {}).items()}
        return cls(path, targets, data.get("editions", {}), data.get("cases", {}))

    def to_bytes(self) -> bytes:
        data = {
            "version": MANIFEST_VERSION,
            "targets": {k: {"deps": r.deps, "output": r.output, "edition": r.edition,
                            "keep": r.keep}
                        for k, r in sorted(self.targets.items())},
            "editions": dict(sorted(self.editions.items())),
            "cases": dict(sorted(self.cases.items())),
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    def recorded_templates(self, target_names: list[str]) -> dict[str, str]:
        """Templates the last build of these targets used (to hash them again)."""
        found: dict[str, str] = {}
        for name in target_names:
            record = self.targets.get(name)
            if record:
                found.update(record.deps.get("templates", {}))
        return found

    def kept(self, target_names: list[str]) -> int | None:
        """How much of a brief fitted its page budget last time (the next fit
        starts there): the first of these targets that recorded it."""
        found = [r.keep for r in (self.targets.get(n) for n in target_names)
                 if r is not None and r.keep is not None]
        return found[0] if found else None
