"""The simple forms of `briefgen build`, taken before typer is imported.

A scheduler may run `briefgen build` every minute; when nothing changed, the
build answers "up to date (N files)" from the manifest alone (``build``'s
first step), and importing the command line's parser (typer,
which loads pydantic) would cost more than that answer; a cold build pays
typer about a tenth of its time too. So the simple forms of `build` are read
here first::

    briefgen [-p DIR] build [CASE]... [-p DIR] [-a AUDIENCE]... [-f FORMAT]...
                            [-j N] [--lock-timeout SECONDS]

(a long option also as ``--name=value``) and built, printing through
``console`` what ``cli`` prints: the same messages, the same exit codes.
Anything else — another command or option (``-v``, ``--json``, ``--force``),
a form the parser would have to guess about — goes to ``cli.main`` from the
start, and so does a bug (an exception not a ``BriefgenError``): a build
writes its files only when every job succeeded, so running it again there
is safe, and ``cli.main`` says what went wrong its way.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import console
from .errors import BriefgenError, ExitCode

if TYPE_CHECKING:
    from .build import BuildReport

# The options of `build` read here, by the field they fill; each takes a value.
BUILD_OPTIONS = {"-p": "project", "--project": "project", "-a": "audiences",
                 "--audience": "audiences", "-f": "formats", "--format": "formats",
                 "-j": "jobs", "--jobs": "jobs", "--lock-timeout": "lock_timeout"}
# Before the command, only the project (the other global options change what
# is printed: --version, --help, --traceback).
GLOBAL_OPTIONS = {"-p": "project", "--project": "project"}


@dataclass
class Request:
    """A `build` in one of the simple forms, as the command line would read it."""

    projects: list[str] = field(default_factory=list)  # before the command, then after it
    cases: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    jobs: int | None = None  # None: one per core
    lock_timeout: float = 60.0  # the command line's default


def answer(argv: list[str]) -> int | None:
    """The exit code once the build is done and said; None when not handled."""
    request = parse(argv)
    if request is None:
        return None
    try:
        return _build(request)
    except KeyboardInterrupt:  # what cli.main does with Ctrl-C
        console.echo("interrupted", err=True)
        return ExitCode.INTERRUPTED
    except BriefgenError as exc:  # the user's: said as cli.main says it
        return console.print_error(exc)
    except Exception:  # a bug: cli.main meets it again and says it its way (--traceback)
        return None


def _build(request: Request) -> int | None:
    """Build, as `briefgen build` with these options does."""
    from .build import build
    from .plan import Settings, select_formats
    from .project import find_project, resolve_cases

    if not all(_a_readable_folder(p) for p in request.projects):
        return None  # a file or an unreadable folder: the parser's message; a missing one:
        # find_project's (the parser checks the one it does not use, too)
    settings = Settings(request.audiences or None, select_formats(request.formats or None),
                        jobs=request.jobs, lock_timeout=request.lock_timeout)
    project = find_project(Path(request.projects[-1]) if request.projects else None)
    case_ids = resolve_cases(project, request.cases or None)
    return _say(build(project, case_ids, settings, console.build_progress(quiet=False)))


def _a_readable_folder(path: str) -> bool:
    return os.path.isdir(path) and os.access(path, os.R_OK)


def _say(report: BuildReport) -> int | None:
    """Print the report as `briefgen build` does; if stdout fails, None:
    cli.main then meets the same stream (the build it runs is a no-op now)
    and ends the way it ends (a closed pipe: exit 1)."""
    if sys.stdout is None:
        return None
    try:
        console.print_build(report)
    except (OSError, ValueError):
        return None
    return ExitCode.OK


def parse(argv: list[str]) -> Request | None:
    """The request, if ``argv`` is a simple form of `build`; else None."""
    args = list(argv)
    request = Request()
    global_options = _options_before_command(args)
    if global_options is None or args[:1] != ["build"]:
        return None
    del args[0]
    options = _build_arguments(args, request)
    if options is None:
        return None
    request.projects = global_options.get("project", []) + options.get("project", [])
    request.audiences = options.get("audiences", [])
    request.formats = options.get("formats", [])
    if not all(_a_count(v) for v in options.get("jobs", [])) or \
            not all(_seconds(v) for v in options.get("lock_timeout", [])):
        return None  # the parser's range and type errors are its own to print
    request.jobs = next((int(v) for v in options.get("jobs", [])), None)
    request.lock_timeout = next((float(v) for v in options.get("lock_timeout", [])), 60.0)
    return request


def _options_before_command(args: list[str]) -> dict[str, list[str]] | None:
    found: dict[str, list[str]] = {}
    while args and args[0].startswith("-"):
        if not _take_option(args, GLOBAL_OPTIONS, found):
            return None
    return found


def _build_arguments(args: list[str], request: Request) -> dict[str, list[str]] | None:
    found: dict[str, list[str]] = {}
    while args:
        if not args[0].startswith("-"):
            request.cases.append(args.pop(0))
        elif not _take_option(args, BUILD_OPTIONS, found):
            return None
    return found


def _take_option(args: list[str], known: dict[str, str], found: dict[str, list[str]]) -> bool:
    """Move the option at the head of ``args`` (and its value) into ``found``;
    False for anything but a known option with a plain value."""
    name, equals, value = args.pop(0).partition("=")
    if equals and not name.startswith("--"):  # `-a=eu` means the value "=eu" to the parser
        return False
    if name not in known:
        return False
    if not equals:
        if not args:
            return False
        value = args.pop(0)
    if not value or value.startswith("-"):  # the parser takes `-p -x` as a folder named -x
        return False
    values = found.setdefault(known[name], [])
    if values and known[name] not in ("audiences", "formats"):
        return False  # given twice: the parser keeps the last and never checks the first
    values.append(value)
    return True


def _a_count(value: str) -> bool:
    """A whole number of at least 1, as `--jobs` takes it."""
    return value.isascii() and value.isdigit() and int(value) >= 1


def _seconds(value: str) -> bool:
    """A plain decimal number of seconds (`--lock-timeout`)."""
    whole, _, fraction = value.partition(".")
    digits = whole + fraction
    return digits.isascii() and digits.isdigit()
