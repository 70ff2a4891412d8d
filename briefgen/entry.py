"""The `briefgen` command (the console script and `python -m briefgen`).

The simple forms of `build` (a scheduler's every-minute call among them)
are read and built by ``quick`` before the command line's parser is
imported: typer and the pydantic it loads cost more than a no-op's answer.
Everything else goes to ``cli.main``.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    """Answer, then end without tearing the interpreter down: by now every
    output and the manifest are written and closed, and freeing what
    ReportLab, Jinja and the case left in memory costs a user ~0.07 s."""
    from .quick import answer

    code = answer(sys.argv[1:])
    if code is None:  # not a simple `build`, or in any doubt: the full command line
        from .cli import main

        code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (`| head`), or closed
        pass
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler (bench/profiling.py) or coverage writes its results at exit
    os._exit(code)
