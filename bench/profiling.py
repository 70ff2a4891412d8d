"""Where the time goes: pyinstrument on one build, summarised by briefgen stage.

The build runs under ``python -m pyinstrument`` in a fresh process (with
``--jobs 1`` when briefgen has that option, so every render happens in the
profiled process). Each stack sample is charged to the innermost frame of
briefgen's own code (a briefgen module or an audience template); samples
taken while a module is being imported are charged to "imports".
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .measure import run_child

REPO = Path(__file__).resolve().parent.parent
PACKAGE = str(Path(importlib.util.find_spec("briefgen").origin).parent) + "/"
IMPORTS = "imports (module loading, incl. lazy imports)"
OUTSIDE = "outside briefgen's code (CLI framework, interpreter)"


@dataclass(frozen=True)
class Profile:
    title: str
    duration: float
    stages: list[tuple[str, float, str]]  # (stage, seconds, where in libraries)
    hot: list[tuple[str, float]]  # (function, self seconds)
    tree: str  # pyinstrument's own call tree, trimmed


def available() -> bool:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return False
    return True


def profile(title: str, build_args: list[str], session: Path, tree_lines: int = 60,
            timeout: float = 3600) -> Profile:
    from pyinstrument.session import Session

    run_child([sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session),
               "-m", "briefgen", *build_args], timeout=timeout)
    loaded = Session.load(str(session))
    records = [(_frames(stack), seconds) for stack, seconds in loaded.frame_records]
    return Profile(title, loaded.duration, by_stage(records), hottest(records),
                   _tree(session, tree_lines))


def _frames(stack: list[str]) -> list[tuple[str, str]]:
    """(function, file) from pyinstrument identifiers, from briefgen's entry inwards."""
    frames = [tuple(ident.split("\x00")[:2]) for ident in stack]
    frames = [(f[0], f[1] if len(f) > 1 else "") for f in frames]
    for index, (_, path) in enumerate(frames):
        if path.endswith("briefgen/__main__.py"):
            return frames[index:]
    return frames


def by_stage(records) -> list[tuple[str, float, str]]:
    seconds: dict[str, float] = defaultdict(float)
    libraries: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for frames, time in records:
        stage, library = _charge(frames)
        seconds[stage] += time
        libraries[stage][library] += time
    rows = []
    for stage, total in sorted(seconds.items(), key=lambda item: -item[1]):
        top = sorted(libraries[stage].items(), key=lambda item: -item[1])[:3]
        where = ", ".join(f"{lib} {t / total:.0%}" for lib, t in top if t / total >= 0.05)
        rows.append((stage, total, where))
    return rows


def _charge(frames: list[tuple[str, str]]) -> tuple[str, str]:
    """The stage a sample belongs to, and the library (or own code) it was in."""
    if not frames:
        return OUTSIDE, "?"
    if any(function == "_find_and_load" for function, _ in frames):
        return IMPORTS, _imported(frames)
    for depth in range(len(frames) - 1, -1, -1):
        stage = _own_stage(frames[depth][1])
        if stage:
            deeper = [_library(*frame) for frame in frames[depth + 1:]]
            third_party = [lib for lib in deeper if lib.startswith("pkg:")]
            where = third_party[-1] if third_party else deeper[-1] if deeper else "own code"
            return stage, where.removeprefix("pkg:")
    return OUTSIDE, _library(*frames[-1]).removeprefix("pkg:")


def _imported(frames: list[tuple[str, str]]) -> str:
    """The outermost third-party package being imported, else the innermost module."""
    start = next(i for i, (function, _) in enumerate(frames) if function == "_find_and_load")
    modules = [_library(*frame) for frame in frames[start:] if frame[0] == "<module>"]
    third_party = [m for m in modules if m.startswith("pkg:")]
    chosen = third_party[0] if third_party else modules[-1] if modules else "?"
    return chosen.removeprefix("pkg:")


def _own_stage(path: str) -> str | None:
    if path.endswith(".j2"):
        return "templates (Jinja, *.j2)"
    if not path.startswith(PACKAGE):
        return None
    parts = path[len(PACKAGE):].removesuffix(".py").split("/")
    depth = 2 if parts[0] == "writers" and len(parts) > 1 else 1
    return "briefgen." + ".".join(parts[:depth])


def _library(function: str, path: str) -> str:
    """``pkg:NAME`` for a third-party package, else briefgen's module, the
    standard-library module or the built-in function."""
    if "site-packages/" in path:
        return "pkg:" + path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path in ("<built-in>", ""):
        return f"{function} (built-in)"
    if path.startswith(PACKAGE):
        return "briefgen." + path[len(PACKAGE):].removesuffix(".py").replace("/", ".")
    return _short(path).removesuffix(".py").split("/")[0].strip("<>").removeprefix("frozen ")


def hottest(records, count: int = 20) -> list[tuple[str, float]]:
    """Self time by function; a built-in is named with the function that called it."""
    seconds: dict[str, float] = defaultdict(float)
    for frames, time in records:
        if not frames:
            continue
        function, path = frames[-1]
        name = f"{function}  {_short(path)}"
        if path == "<built-in>" and len(frames) > 1:
            name = f"{function} (built-in) ← {frames[-2][0]}  {_short(frames[-2][1])}"
        seconds[name] += time
    return sorted(seconds.items(), key=lambda item: -item[1])[:count]


def _short(path: str) -> str:
    if path.startswith(str(REPO)):
        return path[len(str(REPO)) + 1:]
    return re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", path)


def _tree(session: Path, lines: int) -> str:
    done = subprocess.run([sys.executable, "-m", "pyinstrument", "--load", str(session),
                           "-r", "text", "--no-color", "--unicode"],
                          capture_output=True, text=True, timeout=300)
    body = [line for line in done.stdout.splitlines()
            if line.strip() and "pyinstrument --load" not in line
            and "To view this report" not in line]
    return "\n".join(body[:lines])
