"""The Jinja2 environment templates run in.

Sandboxed (no attribute access to Python internals, no file or module
access), strict about undefined names, escaping every printed value for
Markdown, and loading templates only from the project's templates folder.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .escape import finalize


def make_environment(templates_dir: Path, audience_dir: Path) -> ImmutableSandboxedEnvironment:
    # The audience's own folder first, so `{% include "x.md.j2" %}` finds its
    # own partials; then the templates root for `_shared/...`.
    loader = FileSystemLoader([str(audience_dir), str(templates_dir)], followlinks=False)
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
