"""Turn pydantic validation errors into located, human diagnostics."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Diagnostic, did_you_mean
from .yamlfile import LoadedFile

_EXPECTED = {
    "string_type": "a text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
}


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{value[:60]}`"
    return "a mapping" if isinstance(value, dict) else "a list"


def diagnostics_for(exc: ValidationError, loaded: LoadedFile, prefix: tuple,
                    model: type[BaseModel], what: str) -> list[Diagnostic]:
    """One diagnostic per distinct data path (a union's alternatives merged)."""
    grouped: dict[tuple, list[ErrorDetails]] = {}
    for error in exc.errors():
        path = _data_path(loaded.data, prefix, error["loc"])
        grouped.setdefault(path, []).append(error)
    return [_diagnostic(path, errors, loaded, model, what) for path, errors in grouped.items()]


def _data_path(data, prefix: tuple, loc: tuple) -> tuple:
    """The error's path into the data, without the union-member names pydantic adds."""
    node = _walk(data, prefix)
    path = list(prefix)
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and _looks_like_key(part):
            path.append(part)  # a missing or extra key: still a real place
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _looks_like_key(part: str) -> bool:
    return not any(ch in part for ch in "[]") and not part[:1].isupper()


def _walk(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _diagnostic(path, errors, loaded: LoadedFile, model, what: str) -> Diagnostic:
    first = errors[0]
    kind = first["type"]
    name = _field_name(path)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path, loaded)
        message = f"unknown key `{name}` in {what}{did_you_mean(name, allowed)}"
        return Diagnostic("error", message, loaded.location(path, key=True))
    if kind == "missing":
        message = f"missing required key `{name}` in {what}"
        return Diagnostic("error", message, loaded.location(path[:-1]))
    return Diagnostic("error", _value_message(name, errors), loaded.location(path))


def _field_name(path: tuple) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "item"


def _value_message(name: str, errors: list[ErrorDetails]) -> str:
    first = errors[0]
    value = first.get("input")
    for error in errors:  # a specific complaint beats "wrong type" from a union arm
        if error["type"] == "value_error":
            return str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "literal_error":
            return _literal_message(name, error)
    if name == "credibility" and first["type"] in ("greater_than_equal", "less_than_equal"):
        return (f"`credibility` is {value}; the Admiralty information grade runs from "
                "1 (confirmed) to 6 (truth cannot be judged)")
    if first["type"] in ("greater_than_equal", "less_than_equal"):
        return f"`{name}` is {value}; it must be {_bounds(errors)}"
    if first["type"] in ("too_short",):
        return f"`{name}` is empty; give at least one"
    if first["type"] in ("string_too_short",):
        return f"`{name}` is empty; write something or remove the key"
    expected = sorted({_EXPECTED.get(e["type"], e["type"].replace("_", " ")) for e in errors})
    if expected == ["a mapping", "a text"]:  # the Text union
        return (f"`{name}` must be a text: a string, or one string per language such as "
                f"`{{en: ..., sr: ...}}`, not {describe(value)}")
    return f"`{name}` must be {' or '.join(expected)}, not {describe(value)}"


def _bounds(errors) -> str:
    ctx = {k: v for e in errors for k, v in (e.get("ctx") or {}).items()}
    return " and ".join(f"{'at least' if k == 'ge' else 'at most'} {v}" for k, v in ctx.items())


def _literal_message(name: str, error: ErrorDetails) -> str:
    expected = str(error.get("ctx", {}).get("expected", ""))
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]
    value = error.get("input")
    return (f"`{value}` is not a valid `{name}`{did_you_mean(value, choices)}; "
            f"use one of: {', '.join(choices)}")


def _allowed_keys(model, path: tuple, loaded: LoadedFile) -> list[str]:
    """Keys valid at this place, for did-you-mean."""
    target = _nested_model(model, path)
    return [f.alias or n for n, f in target.model_fields.items()] if target else []


def _nested_model(model, path: tuple):
    # Walk string parts of the path through model fields to the one that holds the key.
    current = model
    for part in path[:-1]:
        if not isinstance(part, str) or current is None:
            continue
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        current = _model_in(field.annotation) if field else None
    return current


def _model_in(annotation):
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None
