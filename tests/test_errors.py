"""Each error says what the user reads and carries its exit code."""

from __future__ import annotations

import pickle
from pathlib import Path

from briefgen.errors import (
    Diagnostic,
    ExitCode,
    InputErrors,
    Location,
    LockTimeout,
    TemplateFailure,
    UsageError,
)


def _diagnostic(severity: str, message: str, line: int = 3) -> Diagnostic:
    return Diagnostic(severity, message, Location(Path("inputs/mini/facts.yaml"), line, 5))


def test_input_errors_list_every_diagnostic_then_count_the_errors():
    exc = InputErrors([_diagnostic("error", "duplicate fact id `a`"),
                       _diagnostic("warning", "fact `b` is never cited", line=9)])
    assert exc.message().splitlines() == [
        "inputs/mini/facts.yaml:3:5: error: duplicate fact id `a`",
        "inputs/mini/facts.yaml:9:5: warning: fact `b` is never cited",
        "1 error; nothing was written",
    ]
    assert exc.exit_code == ExitCode.INPUT


def test_two_input_errors_are_counted_in_the_plural():
    exc = InputErrors([_diagnostic("error", "x"), _diagnostic("error", "y")])
    assert exc.message().splitlines()[-1] == "2 errors; nothing was written"


def test_a_template_failure_is_its_located_diagnostic():
    exc = TemplateFailure(_diagnostic("error", "`brief` is undefined"))
    assert exc.message() == (
        "inputs/mini/facts.yaml:3:5: error: `brief` is undefined")


def test_other_errors_are_one_line_with_control_characters_shown_escaped():
    exc = UsageError("no case `a\nb\x1b[31m`")
    assert exc.message() == "error: no case `a\\nb\\u001b[31m`"
    assert exc.exit_code == ExitCode.USAGE
    assert LockTimeout("busy").exit_code == ExitCode.LOCKED


def test_errors_keep_their_message_when_they_cross_from_a_worker():
    exc = InputErrors([_diagnostic("error", "duplicate fact id `a`")])
    assert pickle.loads(pickle.dumps(exc)).message() == exc.message()
