"""The command line: thin. Commands parse options and call the library;
an error renders its own message and is printed in exactly one place,
``console.print_error`` (``main`` decides the exit code; ``quick``, which
takes the simple forms of `build` before typer is imported, prints through
the same ``console``).

Heavy modules (writers, Jinja, the inputs stack) are imported inside the
commands so ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from . import console
from .entry import run as entry_run
from .errors import BriefgenError, ExitCode, InputErrors, printable

app = typer.Typer(
    help="Audience-specific briefing notes (DOCX and PDF, real footnotes) from graded facts.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict = {"traceback": False, "project": None}

ProjectOpt = typer.Option(None, "--project", "-p", help="Project folder (default: found from "
                          "the current directory).", file_okay=False)
JsonOpt = typer.Option(False, "--json", help="Print a machine-readable summary on stdout.")


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    traceback: bool = typer.Option(False, "--traceback", help="Show Python tracebacks "
                                   "for internal errors (for bug reports)."),
    project: Path | None = typer.Option(None, "--project", "-p", file_okay=False,
                                           help="Project folder, for any command."),
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Print briefgen's version and exit."),
) -> None:
    _state["traceback"] = traceback
    _state["project"] = project


def _find(project: Path | None):
    """The project named after the command, or before it, or found from here."""
    from .project import find_project

    return find_project(project or _state["project"])


@app.command()
def check(
    cases: list[str] | None = typer.Argument(None, help="Cases to check (default: all)."),
    project: Path | None = ProjectOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Validate cases: report every problem as file:line:col, and where sources disagree."""
    from . import checking
    from .project import resolve_cases

    proj = _find(project)
    reports = checking.check_cases(proj, resolve_cases(proj, cases))
    totals = checking.summary(reports)
    if as_json:
        _print_check_json(reports, totals, proj)
    else:
        _print_check_text(reports, totals, proj)
    raise typer.Exit(ExitCode.INPUT if totals["errors"] else ExitCode.OK)


def _print_check_text(reports, totals, proj) -> None:
    from .checking import describe_disagreement, summary_line

    for report in reports:
        for diagnostic in report.diagnostics:
            typer.echo(diagnostic.render(), err=True)
        for found in report.disagreements:
            where = report.case.where.get(("fact", found.values[0][1][0]))
            prefix = f"{where.render()}: " if where else ""
            typer.echo(f"{prefix}info: {describe_disagreement(report.case, found)}")
    typer.echo(summary_line(totals))


def _print_check_json(reports, totals, proj) -> None:
    from .checking import describe_disagreement

    payload = {
        "ok": totals["errors"] == 0,
        "summary": totals,
        "cases": [{
            "case": r.case_id,
            "errors": r.errors,
            "warnings": r.warnings,
            "diagnostics": [d.as_json() for d in r.diagnostics],
            "disagreements": [{
                "claim": found.claim,
                "values": [{"value": v, "facts": list(ids)} for v, ids in found.values],
                "text": describe_disagreement(r.case, found),
            } for found in r.disagreements],
        } for r in reports],
    }
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _print_failure_json(proj, case_ids: list[str], exc: BriefgenError) -> None:
    from . import checking

    if isinstance(exc, InputErrors):
        reports = checking.check_cases(proj, case_ids)
        _print_check_json(reports, checking.summary(reports), proj)
    else:
        typer.echo(json.dumps({"ok": False, "exit": int(exc.exit_code),
                               "error": printable(str(exc))}, ensure_ascii=False, indent=2))


@app.command()
def new(
    case: str = typer.Argument(..., help="Id of the new case (lower-case, digits, hyphens)."),
    project: Path | None = ProjectOpt,
) -> None:
    """Scaffold a case with commented example files that pass `briefgen check`."""
    from .scaffold import scaffold_case

    proj = _find(project)
    created = scaffold_case(proj, case)
    for path in created:
        typer.echo(f"created {path.relative_to(proj.root)}")
    typer.echo(f"next: edit inputs/{case}/, then run `briefgen check {case}`")


@app.command()
def build(
    cases: list[str] | None = typer.Argument(None, help="Cases to build (default: all)."),
    audience: list[str] | None = typer.Option(None, "--audience", "-a",
                                                 help="Only this audience (repeatable)."),
    fmt: list[str] | None = typer.Option(None, "--format", "-f",
                                            help="Only this format: docx or pdf (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Rebuild everything, outdated or not."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say why each file is "
                                 "rebuilt or skipped."),
    lock_timeout: float = typer.Option(60.0, "--lock-timeout", help="Seconds to wait for "
                                       "another build of this project to finish."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes "
                                       "(default: one per core)."),
    fallback: str | None = typer.Option(None, "--fallback-language", metavar="LANG",
                                           help="Where a text lacks an audience's language, "
                                           "use this one (e.g. en) instead of failing."),
    project: Path | None = ProjectOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Build outdated briefings into out/<case>/<audience>.{docx,pdf}."""
    from . import build as building
    from .plan import select_formats
    from .project import resolve_cases

    settings = building.Settings(audience, select_formats(fmt), force, lock_timeout, jobs,
                                 fallback)
    proj = _find(project)
    case_ids = resolve_cases(proj, cases)
    try:
        report = building.build(proj, case_ids, settings, console.build_progress(as_json))
    except BriefgenError as exc:
        if as_json:  # scripts read stdout: the same object `check --json` prints
            _print_failure_json(proj, case_ids, exc)
        raise
    if as_json:
        for warning in report.warnings:
            typer.echo(printable(warning), err=True)
        typer.echo(json.dumps(report.as_json(proj), ensure_ascii=False, indent=2))
        return
    console.print_build(report, verbose)


@app.command()
def changes(
    case: str = typer.Argument(..., help="The case."),
    audience: list[str] | None = typer.Option(None, "--audience", "-a",
                                                 help="Only this audience (repeatable)."),
    project: Path | None = ProjectOpt,
) -> None:
    """Print what changed in each audience's latest edition."""
    from .editions import latest_editions
    from .plan import load_checked_case, select_audiences
    from .project import resolve_cases

    proj = _find(project)
    found = load_checked_case(proj, resolve_cases(proj, [case])[0])
    for audience_id, record in latest_editions(proj, found, select_audiences(found, audience)):
        typer.echo(_edition_text(audience_id, record))


def _edition_text(audience_id: str, record) -> str:
    if record is None:
        return f"{audience_id}: not built yet"
    head = f"{audience_id}: edition {record.number} (as of {record.date})"
    if record.number == 1:
        return head + "\n  first edition"
    lines = [f"  - {change}" for change in record.changes] or ["  (no listed changes)"]
    return "\n".join([head, f"  changes since edition {record.number - 1}:", *lines])


@app.command()
def watch(
    cases: list[str] | None = typer.Argument(None, help="Cases to watch (default: all)."),
    audience: list[str] | None = typer.Option(None, "--audience", "-a"),
    fmt: list[str] | None = typer.Option(None, "--format", "-f"),
    debounce: int = typer.Option(400, "--debounce", help="Milliseconds to wait for more "
                                 "changes before building."),
    project: Path | None = ProjectOpt,
) -> None:
    """Rebuild affected briefings whenever inputs or templates change (Ctrl-C stops)."""
    from .plan import select_formats
    from .watching import watch_and_build

    proj = _find(project)
    formats = select_formats(fmt)
    watch_and_build(proj, debounce, build_once=lambda: _watch_build(proj, cases, audience, formats))
    typer.echo("stopped")
    raise typer.Exit(ExitCode.INTERRUPTED)  # Ctrl-C is the only way a watch ends


def _watch_build(proj, cases, audience, formats) -> None:
    """One build inside `watch`: errors are shown, and watching goes on."""
    from . import build as building
    from .project import resolve_cases

    try:
        settings = building.Settings(audience, tuple(formats), draft=True)
        report = building.build(proj, resolve_cases(proj, cases), settings)
    except BriefgenError as exc:
        console.print_error(exc)
        return
    for target, reason in report.built:
        typer.echo(f"{target.name}: {reason}")
    typer.echo(report.summary(), err=False)


def main(argv: list[str] | None = None) -> int:
    """Entry point. Every user-facing failure is turned into a message here."""
    code: int
    try:
        # Click's standalone mode turns usage errors into exit 2 with a message;
        # everything of ours propagates to the handlers below.
        app(args=argv, prog_name="briefgen")
        code = ExitCode.OK
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else ExitCode.USAGE
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        code = ExitCode.INTERRUPTED
    except BriefgenError as exc:
        console.print_error(exc)
        code = exc.exit_code
    except Exception:  # a bug in briefgen: short message unless asked
        if _state["traceback"] or "--traceback" in (argv or sys.argv):
            raise
        typer.echo("internal error in briefgen (a bug); rerun with --traceback and report it",
                   err=True)
        code = ExitCode.INTERNAL
    return int(code or 0)


# The console script's entry before it moved to ``entry`` (where the no-op
# answer runs before typer is imported); a script installed earlier still works.
run = entry_run
