"""Typed errors, their exit codes, and located diagnostics.

Every failure a user can cause is one of these. Each says what the user
reads (``message()``) and carries its exit code (``exit_code``); the CLI
prints them in exactly one place (``console.print_error``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0  # built, up to date, or checked clean (warnings allowed)
    INPUT = 1  # input or template errors
    USAGE = 2  # wrong command line, unknown case or audience, no project
    LOCKED = 3  # another build holds the project lock past the timeout
    INTERRUPTED = 130  # Ctrl-C
    INTERNAL = 70  # a bug in briefgen (EX_SOFTWARE)


@dataclass(frozen=True)
class Location:
    path: Path
    line: int = 0  # 1-based; 0 = the whole file
    col: int = 0  # 1-based; 0 = unknown

    def render(self, base: Path | None = None) -> str:
        path = _display_path(self.path, base)
        if not self.line:
            return path
        return f"{path}:{self.line}:{self.col or 1}"


def _display_path(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" | "warning" | "info"
    message: str
    location: Location

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def render(self, base: Path | None = None) -> str:
        return f"{self.location.render(base)}: {self.severity}: {printable(self.message)}"

    def as_json(self, base: Path | None = None) -> dict:
        return {
            "severity": self.severity,
            "file": _display_path(self.location.path, base),
            "line": self.location.line,
            "col": self.location.col,
            "message": self.message,
        }


def printable(text: str) -> str:
    """One line, no control characters: an input quoted in a message can
    neither forge another diagnostic line nor send terminal escapes."""
    return "".join(ch if ch.isprintable() or ch == " " else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or f"\\u{ord(ch):04x}"


class BriefgenError(Exception):
    """Base of every error a user can cause. Carries its exit code."""

    exit_code: ExitCode = ExitCode.INPUT

    def message(self) -> str:
        """What the user reads on stderr (one line, or one per diagnostic)."""
        return f"error: {printable(str(self))}"


class UsageError(BriefgenError):
    exit_code = ExitCode.USAGE


class InputErrors(BriefgenError):
    """One or more located problems in the inputs or templates."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{sum(d.is_error for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics

    def message(self) -> str:
        errors = sum(d.is_error for d in self.diagnostics)
        summary = f"{errors} error{'s' if errors != 1 else ''}; nothing was written"
        return "\n".join([*(d.render() for d in self.diagnostics), summary])

    def __reduce__(self):  # rebuilt from its diagnostics when it crosses from a worker
        return (type(self), (self.diagnostics,))


class TemplateFailure(BriefgenError):
    """A template raised or produced something unusable."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic

    def message(self) -> str:
        return self.diagnostic.render()

    def __reduce__(self):  # rebuilt from its diagnostic when it crosses from a worker
        return (type(self), (self.diagnostic,))


class LockTimeout(BriefgenError):
    exit_code = ExitCode.LOCKED


class OutputError(BriefgenError):
    """out/ cannot be written: permissions, a full disk, a read-only file system.
    Files are written whole or not at all, so the previous outputs stand."""

    @classmethod
    def from_os_error(cls, exc: OSError) -> OutputError:
        import errno

        where = exc.filename or "out/"
        hint = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some disk space",
                errno.EFBIG: "the file system refuses a file this large",
                errno.EACCES: "make the folder writable by this user",
                errno.EPERM: "make the folder writable by this user",
                errno.EROFS: "the file system is read-only"}.get(exc.errno or 0, "check the folder")
        return cls(f"cannot write {where}: {exc.strerror or exc}; {hint}. "
                   "The previous outputs are unchanged")


class WorkerDied(BriefgenError):
    """A worker process ended without an answer (killed, out of memory)."""


def did_you_mean(word: object, choices) -> str:
    """' (did you mean `x`?)' for the nearest choice, or ''."""
    import difflib

    best = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean `{best[0]}`?)" if best else ""
