"""`briefgen check` on broken copies of tests/projects/basic: every error class,
with the exact file, line, column and message a user sees."""

from __future__ import annotations

import pytest

from tests.conftest import edit

FACTS = "inputs/mini/facts.yaml"
JUDGEMENTS = "inputs/mini/judgements.yaml"
SOURCES = "inputs/mini/sources.yaml"
CASE = "inputs/mini/case.yaml"
TOPICS = "inputs/topics.yaml"
AUDIENCE = "templates/eu/audience.yaml"

CASES = [
    # (file, replace this, with this, the line check must print)
    (FACTS, "  topics: [exercise]", "  topics: [exercise\n",
     f"{FACTS}:6:10: error: YAML syntax error: did not find expected ',' or ']'"),
    (FACTS, "credibility: 2}", 'credibility: "2"}',
     f"{FACTS}:6:36: error: `credibility` must be a whole number, not the text `2`"),
    (FACTS, "  text: {en: The system arrived in 2022., sr: Sistem je stigao 2022.}", "  text: 42",
     f"{FACTS}:8:9: error: `text` must be a text: a string, or one string per language such "
     "as `{en: ..., sr: ...}`, not the number 42"),
    (FACTS, "  text: {en: The exercise was held in July., sr: Vežba je održana u julu.}\n", "",
     f"{FACTS}:1:3: error: missing required key `text` in fact #1"),
    (FACTS, "  topics: [exercise]", "  topic: [exercise]",
     f"{FACTS}:4:3: error: unknown key `topic` in fact #1 (did you mean `topics`?)"),
    (FACTS, "- id: year-a", "- id: exercise-held",
     f"{FACTS}:7:7: error: duplicate fact id `exercise-held` (first defined at facts.yaml:1); "
     "ids must be unique"),
    (FACTS, "source: blog", "source: blgo",
     f"{FACTS}:20:16: error: fact `year-b` cites unknown source `blgo` (did you mean `blog`?)"),
    (JUDGEMENTS, "basis: [repeat, year-a]", "basis: [repeat, year-c]",
     f"{JUDGEMENTS}:11:19: error: judgement `signal` rests on unknown fact or judgement "
     "`year-c` (did you mean `year-b`?)"),
    (JUDGEMENTS, "basis: [exercise-held]", "basis: [signal]",
     f"{JUDGEMENTS}:5:10: error: judgements rest on each other in a circle: "
     "repeat → signal → repeat; break the circle"),
    (JUDGEMENTS, "likelihood: likely", "likelihood: likly",
     f"{JUDGEMENTS}:3:15: error: `likly` is not a valid `likelihood` (did you mean `likely`?); "
     "use one of: almost-no-chance, very-unlikely, unlikely, roughly-even-chance, likely, "
     "very-likely, almost-certain"),
    (JUDGEMENTS, "confidence: low", "confidence: lo",
     f"{JUDGEMENTS}:10:15: error: `lo` is not a valid `confidence` (did you mean `low`?); "
     "use one of: low, moderate, high"),
    (FACTS, "credibility: 2}", "credibility: 7}",
     f"{FACTS}:6:36: error: `credibility` is 7; the Admiralty information grade runs from "
     "1 (confirmed) to 6 (truth cannot be judged)"),
    (SOURCES, "  reliability: B", "  reliability: G",
     f"{SOURCES}:7:16: error: `G` is not a valid `reliability`; use one of: A, B, C, D, E, F"),
    (FACTS, '"2022"', '"2022-02-30"',
     f"{FACTS}:9:9: error: `2022-02-30` is not a real date: February 2022 has 28 days"),
    (CASE, 'as-of: "2025-08-01"', "as-of: 2025-13-01",
     f"{CASE}:2:8: error: `2025-13-01` has no month 13"),
    (FACTS, '"2025-07-19/2025-07-28"', '"2025-07-28/2025-07-19"',
     f"{FACTS}:3:9: error: interval `2025-07-28/2025-07-19` ends before it starts"),
    (SOURCES, "URL: https://example.org/article", "URL: javascript:alert(1)",
     f"{SOURCES}:6:8: error: URL `javascript:alert(1)` is not an http(s) address; only "
     "http:// and https:// links are allowed"),
    (SOURCES, "  reliability: D", "  reliability: D\n  releasable-to: [nato]",
     f"{SOURCES}:8:7: error: source `blog` is releasable only to ['nato'] but has no "
     "`descriptor`"),
    (SOURCES, "  reliability: D", "  reliability: D\n  acessed: \"2025-07-21\"",
     f"{SOURCES}:13:3: error: unknown key `acessed` in source `blog` (did you mean `accessed`?)"),
    (CASE, "audiences: [eu, rs]", "audiences: [eu, rs, nato]",
     f"{CASE}:4:21: error: audience `nato` has no templates/nato/audience.yaml; create it"),
    (FACTS, "sr: Sistem je stigao 2020.", "de: x",
     f"{FACTS}:15:9: error: fact `year-b` has no text for locale sr-Latn, which audience `rs` "
     "reads; add `sr: ...` to its text"),
    (FACTS, "- id: year-a", "- id: Year A",
     f"{FACTS}:7:7: error: `Year A` is not a valid id: use lower-case letters, digits and "
     "hyphens"),
    (FACTS, "    - {source: paper, credibility: 2}\n- id: year-a", "    []\n- id: year-a",
     f"{FACTS}:6:5: error: `sources` is empty; give at least one"),
    (FACTS, "  topics: [exercise]", "  topics: [exercise]\n  topics: [arms]",
     f"{FACTS}:5:3: error: duplicate key `topics` (first at line 4); keep one"),
    # Composition's vocabulary: topics, claim labels, the lead, budgets, locales.
    (FACTS, "  topics: [exercise]", "  topics: [exercice]",
     f"{FACTS}:4:12: error: fact `exercise-held` names undeclared topic `exercice` (did you "
     "mean `exercise`?); declare it in inputs/topics.yaml or the case's `topics`"),
    (TOPICS, "title: {en: Arms, sr: Naoružanje}", "title: {en: Arms}",
     f"{TOPICS}:5:10: error: topic `arms` has no title for locale sr-Latn, which audience `rs` "
     "reads; add `sr: ...` to its title"),
    (FACTS, "claims: {arrival-year: 2022}", "claims: {arival-year: 2022}",
     f"{FACTS}:11:12: error: claim `arival-year` of fact `year-a` has no label; add it to "
     "`claims` in case.yaml: `arival-year: {label: ...}` (did you mean `arrival-year`?)"),
    (CASE, "author: Test Desk", "author: Test Desk\nlead: [exercise-hold]",
     f"{CASE}:4:8: error: `lead` names unknown fact `exercise-hold` (did you mean "
     "`exercise-held`?)"),
    (AUDIENCE, "access: [eu]", "access: [eu]\ntopics: [arms, exercises]",
     f"{AUDIENCE}:4:16: error: audience `eu` follows undeclared topic `exercises` (did you "
     "mean `exercise`?)"),
    (AUDIENCE, "access: [eu]", "access: [eu]\npages: 0",
     f"{AUDIENCE}:4:8: error: `pages` is 0; it must be at least 1"),
    (AUDIENCE, "locale: en-GB", "locale: [en-GB, 42]",
     f"{AUDIENCE}:2:17: error: `locale` must be a text, not the number 42"),
    (FACTS, "  topics: [exercise]", "  topics: !!python/object/apply:os.system [ls]",
     f"{FACTS}:4:11: error: YAML tag `tag:yaml.org,2002:python/object/apply:os.system` is not "
     "allowed in briefgen inputs; remove it"),
]


@pytest.mark.parametrize("path, old, new, expected", CASES,
                         ids=[c[3].split("error: ")[1][:40] for c in CASES])
def test_each_error_is_located_and_explained(project_copy, cli, monkeypatch,
                                             path, old, new, expected):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    edit(root / path, old, new)
    result = cli("check")
    assert result.code == 1
    assert expected in result.err, result.err
    assert "Traceback" not in result.err + result.out
    assert "1 error" in result.out or "errors" in result.out


def test_a_broken_item_does_not_cascade_into_unknown_references(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    edit(root / FACTS, "credibility: 2}", "credibility: 9}")
    result = cli("check")
    assert result.err.count("error:") == 1, result.err


def test_every_problem_is_reported_in_one_run(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    edit(root / FACTS, "source: blog", "source: blgo")
    edit(root / JUDGEMENTS, "confidence: low", "confidence: lo")
    edit(root / SOURCES, "  reliability: B", "  reliability: G")
    result = cli("check")
    assert result.code == 1
    assert "unknown source `blgo`" in result.err
    assert "`lo` is not a valid `confidence`" in result.err
    assert "`G` is not a valid `reliability`" in result.err
    assert "— 3 errors, 1 warning" in result.out  # blog is no longer cited


def test_not_utf8_is_located(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    path = root / FACTS
    path.write_bytes(path.read_bytes().replace(b"held in July", b"held in J\xfcly"))
    result = cli("check")
    assert f"{FACTS}:2:40: error: file is not UTF-8 (byte 0xfc); save it as UTF-8" in result.err


def test_missing_file_is_reported(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    (root / JUDGEMENTS).unlink()
    result = cli("check")
    assert "inputs/mini: error: missing judgements.yaml" in result.err


def test_an_audience_left_without_implications_is_warned_about(project_copy, cli, monkeypatch):
    root = project_copy("basic")
    monkeypatch.chdir(root)
    edit(root / JUDGEMENTS, "  key: true", "  key: true\n  implications: {eu-policy: Act now.}")
    result = cli("check")
    assert "error: judgement `repeat` has implications for unknown audience `eu-policy`" \
        in result.err
    edit(root / JUDGEMENTS, "{eu-policy: Act now.}", "{eu: Act now.}")
    result = cli("check")
    assert f"{CASE}:4:12: warning: audience `rs` gets no implications: judgements give them " \
        "only for `eu`" in result.err, result.err
