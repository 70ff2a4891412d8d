"""Writing into out/: atomically, never half a file.

A file is written to a temporary name in ``out/.briefgen/tmp`` (same file
system) and renamed over the old one, so a reader — or a build killed at
any moment — only ever sees the old file or the complete new one.
"""

from __future__ import annotations

import os
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def temporaries(out_dir: Path) -> Path:
    return out_dir / ".briefgen" / "tmp"


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write to a temporary file on the same file system, then rename it over ``path``."""
    publish(write_temporary(path, data, tmp_dir), path)


def write_temporary(path: Path, data: bytes, tmp_dir: Path | None = None) -> Path:
    """``data`` in a complete temporary file, ready for ``publish`` to rename
    over ``path`` (a build publishes its files only once every job is done)."""
    import tempfile  # here, not on top: a no-op build writes nothing

    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        remove_quietly(Path(tmp))
        # Name the file the user asked for, not the temporary one (or none).
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        remove_quietly(Path(tmp))
        raise
    return Path(tmp)


def publish(temporary: Path, path: Path) -> None:
    """Rename a complete temporary file over ``path``: readers see the old
    file or the new one, never part of either."""
    try:
        os.replace(temporary, path)
    except OSError as exc:
        remove_quietly(temporary)
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def clear_stale_temporaries(out_dir: Path) -> None:
    """Remove what a killed build left; call only while holding the project lock."""
    folder = temporaries(out_dir)
    if folder.is_dir():
        for leftover in folder.iterdir():
            remove_quietly(leftover)
