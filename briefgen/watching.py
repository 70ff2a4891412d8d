"""`briefgen watch`: rebuild when inputs or templates change."""

from __future__ import annotations

import sys

from .model import Project


def watch_and_build(project: Project, debounce_ms: int, build_once) -> None:
    """Build now, then after every batch of changes; returns on Ctrl-C.

    Ctrl-C is how a watch ends, so it is a clean stop wherever it lands — in
    the watcher or in the middle of a build (whose writes are atomic). The
    build's worker processes are kept between builds: each edit is rendered
    by warm workers, not by freshly forked ones that compile and measure again."""
    from .parallel import kept_workers

    try:
        with kept_workers():
            _watch(project, debounce_ms, build_once)
    except KeyboardInterrupt:
        pass


def _watch(project: Project, debounce_ms: int, build_once) -> None:
    from watchfiles import watch

    build_once()
    print(f"watching {project.inputs.name}/ and {project.templates.name}/ "
          "(Ctrl-C to stop)", flush=True)
    for batch in watch(project.inputs, project.templates, debounce=debounce_ms,
                       watch_filter=lambda _change, path: not is_scratch_file(path),
                       raise_interrupt=False, rust_timeout=0, yield_on_timeout=False):
        names = sorted({_relative(project, path) for _change, path in batch})
        print(f"changed: {', '.join(names)}", flush=True)
        build_once()
        sys.stdout.flush()


def is_scratch_file(path: str) -> bool:
    """An editor's or a tool's scratch file, not an input: Vim's `.x.swp` and
    `4913`, Emacs's `.#x` and `x~`, hidden files, `*.tmp`, `*.part`."""
    from pathlib import Path

    name = Path(path).name
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part",
                                                           ".crdownload"))
            or name == "4913")


def _relative(project: Project, path: str) -> str:
    from pathlib import Path

    try:
        return str(Path(path).relative_to(project.root))
    except ValueError:
        return path
