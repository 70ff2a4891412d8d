"""What the command line prints, without the command line's parser.

``cli`` (typer) and ``quick`` (the simple forms of `build`, read before
typer is imported) print through these, so a message reads the same
whichever of them took the command: an error is ``exc.message()`` on stderr,
a build ends with its warnings on stderr and its summary line on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import BriefgenError, printable

if TYPE_CHECKING:
    from .build import BuildReport


def echo(text: str, err: bool = False) -> None:
    """One line on stdout (or stderr), flushed, as ``typer.echo`` prints it."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def print_error(exc: BriefgenError) -> int:
    """The error's message on stderr; its exit code."""
    echo(exc.message(), err=True)
    return int(exc.exit_code)


def build_progress(quiet: bool) -> Callable[[str], None]:
    """`  building case/audience` on stderr as each brief is done, on a terminal."""
    if quiet or not sys.stderr.isatty():
        return lambda message: None
    return lambda message: echo(f"  building {message}", err=True)


def print_build(report: BuildReport, verbose: bool = False) -> None:
    """A build's warnings (stderr), with ``verbose`` why each file was built or
    skipped and what each brief left out, then its summary line."""
    for warning in report.warnings:
        echo(printable(warning), err=True)
    if verbose:
        for target, reason in report.built + report.skipped:
            echo(f"{target.name}: {reason}")
        for brief, left_out in report.composition:
            echo(f"{brief}: {left_out}")
    echo(report.summary())
