"""The Jinja2 environment templates run in.

Sandboxed (no attribute access to Python internals, no file or module
access), strict about undefined names, escaping every printed value for
Markdown, and loading templates only from the project's templates folder:
a template name with ``..`` is not found, and a template whose real path
(symbolic links resolved) lies outside that folder is refused, so neither
``{% include %}`` nor a link in the folder can read another file.

Beyond Jinja's own sandbox (which already caps ``range()``), repeating a
string or list and raising to a power are capped, so one expression cannot
take the machine's memory.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from jinja2 import BaseLoader, BytecodeCache, StrictUndefined, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .escape import finalize

MAX_REPEAT = 1_000_000  # items or characters `x * n` may make
MAX_POWER_BITS = 4_096  # size of an integer `a ** b` may make


def make_environment(templates_dir: Path, audience_dir: Path) -> ImmutableSandboxedEnvironment:
    # The audience's own folder first, so `{% include "x.md.j2" %}` finds its
    # own partials; then the templates root for `_shared/...`.
    return BriefSandbox(
        loader=ProjectLoader([audience_dir, templates_dir], root=templates_dir),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_SHARED_BYTECODE,
    )


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by file and
    checksum, so audiences sharing `_shared/macros.md.j2` compile it once."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_SHARED_BYTECODE = _SharedBytecode()


class ProjectLoader(BaseLoader):
    """Templates from `folders`, never from a real path outside `root`."""

    def __init__(self, folders: list[Path], root: Path, encoding: str = "utf-8"):
        self.folders = [Path(f) for f in folders]
        self.root = Path(root).resolve()
        self.encoding = encoding

    def get_source(self, environment, template: str):
        path = self._find(template)  # raises TemplateNotFound
        real = path.resolve()
        # Checked before the file is opened: a link to /etc/passwd is never read.
        if not real.is_relative_to(self.root):
            raise SecurityError(f"template `{template}` is a link to a file outside the "
                                f"templates folder ({path.name}); keep templates inside it")
        source = real.read_text(encoding=self.encoding)
        mtime = os.path.getmtime(real)
        # Report the name inside the folder, so errors and the manifest name
        # the file the author knows (not where a link inside the folder points).
        return source, os.path.normpath(path), lambda: _unchanged(real, mtime)

    def _find(self, template: str) -> Path:
        pieces = split_template_path(template)  # refuses `..`
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if candidate.is_file():
                return candidate
        raise TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return os.path.getmtime(path) == mtime
    except OSError:
        return False


class BriefSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with `*` and `**` bounded."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "*" and _repeat_size(left, right) > MAX_REPEAT:
            raise SecurityError(f"`*` would make more than {MAX_REPEAT:,} items")
        if operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise SecurityError(f"`**` would make a number of more than {MAX_POWER_BITS:,} bits")
        return super().call_binop(context, operator, left, right)


def _repeat_size(left, right) -> int:
    """Length of `left * right` when it repeats a sequence, else 0."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return 0


def _power_bits(base, exponent) -> float:
    """Roughly how many bits an integer power needs (0 when not an integer power)."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return 0.0
    if abs(base) <= 1:
        return 1.0
    return exponent * math.log2(abs(base))
