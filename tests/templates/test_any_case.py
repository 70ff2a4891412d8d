"""The shipped templates brief cases they were not written for.

Two fixture projects on other subjects (Baltic cables, a Moldovan election),
each with its own topic vocabulary, audiences' interests and page budgets,
plus the shipped case, are built through the shipped templates with the real
command line (default parallel jobs). What a reader sees is read back from
the files: page counts from the PDF (pypdf), text and headings from the DOCX
as pandoc reads it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml

from tests.conftest import PROJECTS, REPO

FIXTURES = {"baltic-cables": "baltic-cables-2025", "moldova-vote": "moldova-vote-2025"}
SHIPPED = ("shipped", "china-serbia-exercise-2025")
ALL = [*FIXTURES.items(), SHIPPED]


def with_shipped_templates(root: Path) -> None:
    """The shipped audience templates and _shared/, over a project's own audience.yaml."""
    shutil.copytree(REPO / "templates" / "_shared", root / "templates" / "_shared")
    for audience in (root / "templates").iterdir():
        shipped = REPO / "templates" / audience.name / "brief.md.j2"
        if shipped.is_file():
            shutil.copy(shipped, audience / "brief.md.j2")


def briefgen(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *args, "--project", str(root)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    roots = {}
    for name in FIXTURES:
        root = tmp_path_factory.mktemp(name) / name
        shutil.copytree(PROJECTS / name, root)
        with_shipped_templates(root)
        roots[name] = root
    shipped = tmp_path_factory.mktemp("shipped") / "shipped"
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO / folder, shipped / folder)
    roots["shipped"] = shipped
    for root in roots.values():
        done = briefgen(root, "build")  # default --jobs: one worker per core
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    return roots


# -- reading what was built ------------------------------------------------------

def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def audiences(root: Path, case: str) -> dict[str, dict]:
    ids = load(root / "inputs" / case / "case.yaml")["audiences"]
    return {a: load(root / "templates" / a / "audience.yaml") for a in ids}


def locales(spec: dict) -> list[str]:
    return [spec["locale"]] if isinstance(spec["locale"], str) else spec["locale"]


def outputs(root: Path, case: str, audience: str, spec: dict, fmt: str) -> list[Path]:
    names = [f"{audience}.{fmt}"] + [f"{audience}.{loc}.{fmt}" for loc in locales(spec)[1:]]
    return [root / "out" / case / n for n in names]


def pandoc_json(docx: Path) -> dict:
    done = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(docx)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def stringify(node) -> str:
    """Plain text of a pandoc JSON node (notes left out: they are not the body)."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Note":
        return ""
    return stringify(content)


def body_text(docx: Path) -> str:
    return re.sub(r"\s+", " ", stringify(pandoc_json(docx)["blocks"]))


def headings(docx: Path) -> list[tuple[int, str]]:
    return [(b["c"][0], stringify(b["c"][2])) for b in pandoc_json(docx)["blocks"]
            if b["t"] == "Header"]


def text_of(value, lang: str) -> str:
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en")


def case_items(root: Path, case: str, kind: str) -> list[dict]:
    folder = root / "inputs" / case
    return load(folder / f"{kind}.yaml") or []


def printed(text: str, body: str) -> bool:
    return re.sub(r"\s+", " ", text).rstrip(".") in body


def english_briefs(root: Path, case: str):
    for audience, spec in audiences(root, case).items():
        if locales(spec)[0].startswith("en"):
            yield audience, spec, body_text(outputs(root, case, audience, spec, "docx")[0])


# -- what a reader sees ------------------------------------------------------------

@pytest.mark.parametrize("project,case", ALL)
def test_every_pdf_fits_its_audiences_page_budget(built, project, case):
    for audience, spec in audiences(built[project], case).items():
        for pdf in outputs(built[project], case, audience, spec, "pdf"):
            pages = len(pypdf.PdfReader(pdf).pages)
            assert 1 <= pages <= spec["pages"], f"{pdf.name}: {pages} pages"


@pytest.mark.parametrize("project,case", ALL)
def test_no_heading_without_content(built, project, case):
    for audience, spec in audiences(built[project], case).items():
        for docx in outputs(built[project], case, audience, spec, "docx"):
            blocks = pandoc_json(docx)["blocks"]
            for here, after in zip(blocks, blocks[1:] + [None], strict=False):
                if here["t"] != "Header":
                    continue
                empty = after is None or (after["t"] == "Header" and after["c"][0] <= here["c"][0])
                assert not empty, f"{docx.name}: heading {stringify(here['c'][2])!r} is empty"


@pytest.mark.parametrize("project,case", ALL)
def test_the_lead_fact_opens_the_brief(built, project, case):
    lead = load(built[project] / "inputs" / case / "case.yaml")["lead"][0]
    fact = next(f for f in case_items(built[project], case, "facts") if f["id"] == lead)
    for audience, _spec, body in english_briefs(built[project], case):
        opening = body[:len(text_of(fact["text"], "en")) + 200]
        assert printed(text_of(fact["text"], "en"), opening), audience


@pytest.mark.parametrize("project,case", ALL)
def test_each_printed_judgement_is_followed_by_a_fact_it_rests_on(built, project, case):
    facts = {f["id"]: text_of(f["text"], "en") for f in case_items(built[project], case, "facts")}
    judgements = case_items(built[project], case, "judgements")
    for audience, _spec, body in english_briefs(built[project], case):
        for j in judgements:
            where = body.find(text_of(j["text"], "en").rstrip("."))
            if where < 0:
                continue
            rests_on = [facts[b] for b in j["basis"] if b in facts]
            assert any(printed(t, body) for t in rests_on), f"{audience}: {j['id']}"


@pytest.mark.parametrize("project,case", ALL)
def test_no_recommendation_without_its_judgement(built, project, case):
    judgements = {j["id"]: text_of(j["text"], "en")
                  for j in case_items(built[project], case, "judgements")}
    recs = case_items(built[project], case, "recommendations")
    seen = 0
    for _audience, _spec, body in english_briefs(built[project], case):
        for rec in recs:
            if printed(text_of(rec["text"], "en"), body):
                seen += 1
                assert any(printed(judgements[b], body) for b in rec["basis"]), rec["id"]
    # the fixtures' budgets leave room for recommendations: the test proves something
    assert seen or project == "shipped"


def vocabulary(root: Path, case: str) -> dict[str, dict]:
    topics = {t["id"]: t["title"] for t in load(root / "inputs" / "topics.yaml")}
    topics.update({t["id"]: t["title"] for t in
                   load(root / "inputs" / case / "case.yaml").get("topics", [])})
    return topics


@pytest.mark.parametrize("project,case", ALL)
def test_background_sections_follow_the_audiences_topic_order(built, project, case):
    titles = vocabulary(built[project], case)
    for audience, spec in audiences(built[project], case).items():
        lang = "sr" if locales(spec)[0].startswith("sr") else "en"
        order = [text_of(titles[t], lang) for t in spec["topics"]]
        docx = outputs(built[project], case, audience, spec, "docx")[0]
        shown = [h for level, h in headings(docx) if level == 3 and h in order]
        assert shown, f"{audience}: no topic section"
        assert shown == sorted(shown, key=order.index), audience


@pytest.mark.parametrize("project,case", ALL)
def test_no_claim_key_or_topic_id_is_shown_as_text(built, project, case):
    root = built[project]
    meta = load(root / "inputs" / case / "case.yaml")
    ids = [k for k in meta.get("claims", {})] + [t for t in vocabulary(root, case) if "-" in t]
    # an id that is also the analysts' own word ("vote-buying network") is no evidence
    words = json.dumps([case_items(root, case, k) for k in ("facts", "judgements")],
                       ensure_ascii=False)
    ids = [i for i in ids if i not in words.replace(f'"{i}"', "")]
    for audience, spec in audiences(root, case).items():
        for docx in outputs(root, case, audience, spec, "docx"):
            body = body_text(docx)
            assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body)]
            assert not {h for _, h in headings(docx)} & set(vocabulary(root, case))


def fact_texts(root: Path, case: str, body: str) -> set[str]:
    return {f["id"] for f in case_items(root, case, "facts")
            if printed(text_of(f["text"], "en"), body)}


@pytest.mark.parametrize("project,case", ALL)
def test_audiences_with_different_interests_share_well_under_two_thirds(built, project, case):
    briefs = {a: fact_texts(built[project], case, body)
              for a, _, body in english_briefs(built[project], case)}
    eu, nato = briefs["eu-policy"], briefs["nato-security"]
    # Shared facts over all facts either prints. Every key judgement brings one
    # fact it rests on into every brief, so the shorter brief's own facts are
    # mostly those: a share of the shorter one would measure the case's
    # judgements, not the composition.
    shared = eu & nato
    assert len(shared) / len(eu | nato) < 0.5


def test_the_cyrillic_brief_is_cyrillic_with_latin_names_kept(built):
    pdf = built["baltic-cables"] / "out" / "baltic-cables-2025" / "rs-domestic.sr-Cyrl.pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    assert cyrillic / len(letters) > 0.6
    assert "Nordic Pearl" in text  # a latin-terms name, spelled with Serbian letters
    assert "Нордиц" not in text
    docx = built["baltic-cables"] / "out" / "baltic-cables-2025" / "rs-domestic.sr-Cyrl.docx"
    assert "Nordic Pearl" in body_text(docx)


def test_build_v_says_what_each_brief_left_out_for_its_budget(built):
    root = built["moldova-vote"]
    done = briefgen(root, "build", "--force", "-v")
    assert done.returncode == 0, done.stderr
    said = re.findall(r"^moldova-vote-2025/(\S+): (.+) left out for the (\d)-page budget$",
                      done.stdout, re.MULTILINE)
    assert said, done.stdout
    for audience, what, pages in said:
        assert re.match(r"(\d+ facts?|\d+ \w+|the \w+)", what)
        assert int(pages) == load(root / "templates" / audience / "audience.yaml")["pages"]


@pytest.mark.parametrize("with_vocabulary", [True, False])
def test_a_scaffolded_case_builds_through_the_shipped_templates(tmp_path, with_vocabulary):
    root = tmp_path / "desk"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "inputs").mkdir()
    if with_vocabulary:
        shutil.copy(REPO / "inputs" / "topics.yaml", root / "inputs" / "topics.yaml")
    assert briefgen(root, "new", "fresh").returncode == 0
    assert (root / "inputs" / "topics.yaml").is_file()  # made when the project had none
    checked = briefgen(root, "check", "fresh")
    assert checked.returncode == 0, checked.stderr
    done = briefgen(root, "build", "fresh")  # default --jobs
    assert done.returncode == 0, done.stderr
    for audience, spec in audiences(root, "fresh").items():
        for docx in outputs(root, "fresh", audience, spec, "docx"):
            body = body_text(docx)
            assert "Something happened that the briefing reports" in body \
                or "Desilo se nešto" in body or "Десило се нешто" in body
        for pdf in outputs(root, "fresh", audience, spec, "pdf"):
            assert len(pypdf.PdfReader(pdf).pages) <= spec.get("pages", 99)


def test_a_template_error_is_located_with_the_default_parallel_build(built, tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(built["moldova-vote"], root)
    brief = root / "templates" / "nato-security" / "brief.md.j2"
    brief.write_text(brief.read_text().replace('m.key_judgements_section("Key judgements")',
                                               'm.key_judgements_section(no_such_name)'))
    before = {p: p.read_bytes() for p in (root / "out").rglob("*.pdf")}
    done = briefgen(root, "build", "--force")
    assert done.returncode == 1, done.stderr
    assert "templates/nato-security/brief.md.j2:" in done.stderr
    assert "no_such_name" in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in before} == before  # nothing was written


def test_a_budget_even_the_bottom_line_cannot_meet_builds_and_warns(tmp_path):
    root = tmp_path / "tight"
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    audience = root / "templates" / "eu-policy" / "audience.yaml"
    audience.write_text(re.sub(r"(?m)^pages: \d+$", "pages: 1", audience.read_text()))
    done = briefgen(root, "build", "-a", "eu-policy")
    assert done.returncode == 0, done.stderr
    assert re.search(r"warning: china-serbia-exercise-2025/eu-policy: the brief is \d pages, "
                     r"over its 1-page budget", done.stderr), done.stderr
    pdf = root / "out" / "china-serbia-exercise-2025" / "eu-policy.pdf"
    assert len(pypdf.PdfReader(pdf).pages) > 1  # built anyway, with everything optional cut


def _notes(docx: Path) -> int:
    return json.dumps(pandoc_json(docx)).count('"t": "Note"')


def test_the_cyrillic_brief_carries_no_more_than_the_latin_one(built):
    root = built["baltic-cables"] / "out" / "baltic-cables-2025"
    latin, cyrillic = _notes(root / "rs-domestic.docx"), _notes(root / "rs-domestic.sr-Cyrl.docx")
    assert 0 < cyrillic <= latin


@pytest.mark.parametrize("project,case", ALL)
def test_a_tables_introduction_is_on_the_page_of_the_table(built, project, case):
    for audience, spec in audiences(built[project], case).items():
        for pdf in outputs(built[project], case, audience, spec, "pdf"):
            for page in pypdf.PdfReader(pdf).pages:
                text = re.sub(r"\s+", " ", page.extract_text())
                for intro in ("The sources differ on these points",
                              "Reporting conflicts on these points",
                              "Izvori se razlikuju u sledećem"):
                    if intro in text:
                        assert re.search(r"Sources \(grade\)|Izvori \(ocena\)", text), pdf.name


def tables_after(docx: Path, heading: str) -> list[list[list[str]]]:
    """The tables (rows of cell texts, header first) under a level-2 heading."""
    blocks, tables, inside = pandoc_json(docx)["blocks"], [], False
    for block in blocks:
        if block["t"] == "Header":
            inside = stringify(block["c"][2]) == heading
        elif inside and block["t"] == "Table":
            head, bodies = block["c"][3], block["c"][4]
            rows = head[1] + [row for body in bodies for row in body[3]]
            tables.append([[re.sub(r"\s+", " ", stringify(cell[4])).strip() for cell in row[1]]
                           for row in rows])
    return tables


def test_every_shipped_brief_ends_its_argument_with_an_informative_source_summary(built):
    root, case = built["shipped"], SHIPPED[1]
    for audience, spec in audiences(root, case).items():
        docx = outputs(root, case, audience, spec, "docx")[0]
        heading = "Pregled izvora" if locales(spec)[0].startswith("sr") else "Source summary"
        resting, sources = tables_after(docx, heading)
        bottom_line = "Ukratko" if heading == "Pregled izvora" else "Bottom line"
        assert resting[1][0] == bottom_line, audience
        # which sources each judgement rests on most, with their grades
        assert all(re.search(r"\((?:[A-F][1-6](?: \u00d7\d+)?(?:, )?)+\)", row[1])
                   for row in resting[1:]), resting
        # no column that reads the same for every source
        for column in zip(*sources[1:], strict=True):
            assert len(set(column)) > 1, (audience, column)
        body = body_text(docx)
        assert ("Strengths." in body and "Weaknesses." in body) or \
            ("Prednosti." in body and "Slabosti." in body)


def test_the_cyrillic_source_summary_keeps_grades_and_source_names_latin(built):
    root, case = built["shipped"], SHIPPED[1]
    docx = root / "out" / case / "rs-domestic.sr-Cyrl.docx"
    resting, sources = tables_after(docx, "Преглед извора")
    assert resting[0][0] == "Процена"
    assert all(re.match(r"[A-F]: [\u0400-\u04ff]", row[1]) for row in sources[1:]), sources
    assert "Vladisavljev" in {row[0] for row in sources[1:]}


# A sentence ends at . ! or ? (after any closing quote) before a capital
# letter, Latin or Cyrillic, or at the end; "19. jula" and "2027. zadržati"
# (Serbian ordinals and years) do not end one.
CAPITAL = "A-Z\u0400-\u042f\u0160\u0110\u010c\u0106\u017d"
SENTENCE_END = re.compile(rf"[.!?][\u201d\u201c\"]?(?=\s+[{CAPITAL}]|\s*$)")


@pytest.mark.parametrize("project,case", ALL)
def test_the_bottom_line_is_two_or_three_sentences(built, project, case):
    root = built[project]
    lead = load(root / "inputs" / case / "case.yaml").get("lead") or []
    for audience, spec in audiences(root, case).items():
        for docx in outputs(root, case, audience, spec, "docx"):
            blocks = pandoc_json(docx)["blocks"]
            first = next(i for i, b in enumerate(blocks) if b["t"] == "Header")
            text = re.sub(r"\s+", " ", stringify(blocks[first + 1]["c"])).strip()
            sentences = len(SENTENCE_END.findall(text))
            assert 2 <= sentences <= 2 + max(len(lead), 1), (docx.name, text)


def note_texts(docx: Path) -> list[str]:
    """Every footnote's text as pandoc reads it, in reading order."""
    found: list[str] = []

    def visit(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Note":
                found.append(re.sub(r"\s+", " ", stringify(node["c"])).strip())
                return
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(pandoc_json(docx)["blocks"])
    return found


@pytest.mark.parametrize("project,case", ALL)
def test_no_brief_prints_the_same_note_twice(built, project, case):
    root = built[project]
    for audience, spec in audiences(root, case).items():
        for docx in outputs(root, case, audience, spec, "docx"):
            notes = note_texts(docx)
            assert notes and len(notes) == len(set(notes)), docx.name


@pytest.mark.parametrize("project,case", ALL)
def test_a_serbian_date_keeps_one_dot_before_a_colon_or_at_a_sentence_end(built, project, case):
    """conventions.md: "u 2022.", never "2022.:" or "2022.."; „…“ in every part."""
    root = built[project]
    for audience, spec in audiences(root, case).items():
        if not locales(spec)[0].startswith("sr"):
            continue
        for docx in outputs(root, case, audience, spec, "docx"):
            text = body_text(docx) + " ".join(note_texts(docx))
            assert not re.search(r"\d\.\s*[.:]", text), re.search(r".{30}\d\.\s*[.:].{10}", text)
            # English closing quotes nowhere in the text: tables and the source
            # summary quote the Serbian way too
            assert "\u201d" not in body_text(docx), docx.name
