"""The loader: positions for every node, and hostile files refused quickly."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefgen.errors import Diagnostic
from briefgen.inputs.yamlfile import MAX_FILE_BYTES, LoadError, load_json, load_yaml


def load_text(tmp_path, text, name="x.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return (load_json if name.endswith(".json") else load_yaml)(path)


def error_of(tmp_path, text, name="x.yaml") -> Diagnostic:
    with pytest.raises(LoadError) as caught:
        load_text(tmp_path, text, name)
    return caught.value.diagnostic


def test_positions_of_values_and_keys(tmp_path):
    loaded = load_text(tmp_path, "- id: a\n  sources:\n    - {source: s, credibility: 2}\n")
    assert loaded.data == [{"id": "a", "sources": [{"source": "s", "credibility": 2}]}]
    assert loaded.positions[(0, "sources", 0, "credibility")] == (3, 32)
    assert loaded.key_positions[(0, "sources")] == (2, 3)


def test_dates_stay_as_written(tmp_path):
    assert load_text(tmp_path, "d: 2025-07-20\ny: 2020\n").data == {"d": "2025-07-20", "y": 2020}


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    started = time.monotonic()
    diagnostic = error_of(tmp_path, "\n".join(lines) + "\n")
    assert time.monotonic() - started < 5
    assert "alias bomb" in diagnostic.message and diagnostic.location.line >= 1


def test_recursive_alias_is_refused(tmp_path):
    assert "recursive alias" in error_of(tmp_path, "a: &a [*a]\n").message


def test_deep_nesting_is_refused(tmp_path):
    assert "nested deeper" in error_of(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n").message


def test_huge_file_is_refused_before_parsing(tmp_path):
    started = time.monotonic()
    diagnostic = error_of(tmp_path, b"a: " + b"x" * (MAX_FILE_BYTES + 10))
    assert time.monotonic() - started < 2
    assert "the limit is" in diagnostic.message


def test_forbidden_character_is_located(tmp_path):
    diagnostic = error_of(tmp_path, "a: ok\nb: bad\x07\n")
    assert (diagnostic.location.line, diagnostic.location.col) == (2, 7)
    assert "U+0007" in diagnostic.message


def test_json_syntax_error_is_located(tmp_path):
    diagnostic = error_of(tmp_path, '[\n {"id": "a",}\n]', "sources.json")
    assert diagnostic.message.startswith("JSON syntax error")
    assert diagnostic.location.line == 2


def test_json_positions(tmp_path):
    loaded = load_text(tmp_path, '[\n  {"id": "a",\n   "title": "T"}\n]', "sources.json")
    assert loaded.data == [{"id": "a", "title": "T"}]
    assert loaded.positions[(0, "title")][0] == 3


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_loader_never_crashes_on_any_text(tmp_path, text):
    try:
        load_text(tmp_path, text)
    except LoadError as exc:
        assert exc.diagnostic.message


YAMLISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAMLISH, st.sampled_from(["- ", "a: ", "", "? ", "&x ", "*x ", "!!str ", "{", "[", "'"]))
def test_loader_never_crashes_on_yaml_like_input(tmp_path, data, prefix):
    import yaml

    text = prefix + yaml.safe_dump(data, allow_unicode=True)
    try:
        load_text(tmp_path, text)
    except LoadError as exc:
        assert exc.diagnostic.location.path.name == "x.yaml"
