"""Find the project a command works on, and the cases it names."""

from __future__ import annotations

from pathlib import Path

from .errors import Diagnostic, InputErrors, Location, UsageError, did_you_mean
from .model import Project

CONFIG = "briefgen.toml"


def find_project(explicit: Path | None = None, start: Path | None = None) -> Project:
    """The project at ``explicit``, or the nearest one above ``start`` (cwd)."""
    if explicit is not None:
        if not _is_project(explicit):
            raise UsageError(f"{explicit} is not a briefgen project: it needs inputs/ and "
                             f"templates/ folders or a {CONFIG}")
        return _open(explicit.resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return _open(folder)
    raise UsageError("no briefgen project here or above: run inside a folder with inputs/ and "
                     "templates/ (or a briefgen.toml), or pass --project DIR")


def _is_project(folder: Path) -> bool:
    return (folder / CONFIG).is_file() or ((folder / "inputs").is_dir()
                                          and (folder / "templates").is_dir())


def _open(root: Path) -> Project:
    paths = _config_paths(root)
    return Project(
        root=root,
        inputs=_inside(root, paths.get("inputs", "inputs"), "inputs"),
        templates=_inside(root, paths.get("templates", "templates"), "templates"),
        out=_inside(root, paths.get("out", "out"), "out"),
    )


def _config_paths(root: Path) -> dict:
    config = root / CONFIG
    if not config.is_file():
        return {}
    import tomllib  # here, not on top: most projects have no briefgen.toml (~3 ms)

    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        raise InputErrors([Diagnostic("error", f"{CONFIG} is not valid TOML: {exc}",
                                      Location(config, line or 0, 0))]) from None
    paths = data.get("paths", {})
    if not isinstance(paths, dict):
        raise _config_error(config, "`paths` must be a table: `[paths]` with `inputs = "
                            '"inputs"`, `templates = "templates"`, `out = "out"`')
    wrong = [k for k, v in paths.items() if not isinstance(v, str) or not v.strip()]
    if wrong:
        raise _config_error(config, f"`paths.{wrong[0]}` must be a folder name in quotes, "
                            f'e.g. `{wrong[0]} = "{wrong[0]}"`')
    unknown = set(data) - {"paths"} | set(paths) - {"inputs", "templates", "out"}
    if unknown:
        key = sorted(unknown)[0]
        hint = did_you_mean(key, ["paths", "inputs", "templates", "out"])
        raise InputErrors([Diagnostic("error", f"unknown setting `{key}` in {CONFIG}{hint}",
                                      Location(config))])
    return {k: str(v) for k, v in paths.items()}


def _config_error(config: Path, message: str) -> InputErrors:
    return InputErrors([Diagnostic("error", message, _line_of(config, "paths"))])


def _line_of(config: Path, key: str) -> Location:
    """Where ``key`` first appears in the file (TOML keeps no positions)."""
    for number, line in enumerate(config.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().lstrip("[").startswith(key):
            return Location(config, number, 1)
    return Location(config)


def _inside(root: Path, relative: str, what: str) -> Path:
    """A configured folder, which must stay inside the project."""
    path = (root / relative).resolve()
    if path != root and root not in path.parents:
        raise UsageError(f"{CONFIG}: `{what} = {relative!r}` points outside the project")
    return path


def resolve_cases(project: Project, names: list[str] | None) -> list[str]:
    available = project.case_ids()
    if not names:
        if not available:
            raise UsageError(f"no cases in {project.inputs}: "
                             "create one with `briefgen new CASE`")
        return available
    for name in names:
        if name not in available:
            raise UsageError(f"no case `{name}` in {project.inputs}"
                             f"{did_you_mean(name, available)}; "
                             f"cases: {', '.join(available) or 'none'}")
    return list(dict.fromkeys(names))
