"""PDF writer: what a reader of the PDF sees (text, notes, fonts, links)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache

import pdfplumber
import pypdf
import pytest

from briefgen.document import (
    BulletList,
    Code,
    Document,
    Emph,
    Figure,
    Heading,
    LineBreak,
    Link,
    Meta,
    Note,
    OrderedList,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    ThematicBreak,
    Timeline,
    TimelineEvent,
    WriterOptions,
    iter_notes,
)
from briefgen.writers.pdf import write
from briefgen.writers.pdf.styles import NOTE_SIZE
from tests.reading import note_links

SERBIAN = "čćđšž ČĆĐŠŽ"
CYRILLIC = "Београд"
FILLER = (
    "The assessment rests on corroborated reporting from several independent "
    "streams, weighed for reliability and access, and read against the wider "
    "pattern of activity observed in the region over the preceding months."
)

# --- sample documents -------------------------------------------------------


def T(s: str) -> Text:
    return Text(s)


def note_token(n: int) -> str:
    """A string found only in the text of note n."""
    return f"NTK{n:03d}X"


class _Notes:
    """Hands out consecutive note numbers in reading order."""

    def __init__(self):
        self.n = 0

    def __call__(self, text: str = "", long: bool = False) -> Note:
        self.n += 1
        body = f"{note_token(self.n)} Source report {self.n}: {text or 'field reporting, graded B2.'}"
        if long:
            body += " " + " ".join([FILLER] * 6)
        return Note(self.n, (Paragraph((T(body),)),))


def short_document() -> Document:
    return Document(
        Meta(
            title="Border incident at Horgoš",
            audience="EU policy brief",
            author="Analysis desk",
            date="20 July 2025",
            iso_date="2025-07-20",
            marking="TLP:GREEN",
            subject="Border security",
            keywords=("border", "Serbia"),
        ),
        (
            Heading(1, (T("Summary"),)),
            Paragraph((T("A short finding."), Note(1, (Paragraph((T(f"{note_token(1)} Only note."),)),)))),
        ),
    )


def long_document() -> Document:
    note = _Notes()
    blocks: list = [Heading(1, (T("Key judgements"),))]
    blocks.append(
        Paragraph(
            (
                T(f"Reporting from Novi Sad and {CYRILLIC} ({SERBIAN}) agrees."),
                note("Serbian press, 19 July."),
                T(" See the "),
                Link("https://example.org/report", (T("public report"),)),
                T(" and the "),
                Link("javascript:alert(1)", (T("unsafe link"),)),
                T(" and "),
                Link("mailto:desk@example.org", (T("mail"),)),
                T(". "),
                Strong((T("Bold claim"),)),
                T(" and "),
                Emph((T("hedged claim"),)),
                T(" with "),
                Code("code_x"),
                LineBreak(),
                T("after a line break."),
            )
        )
    )
    for section in range(1, 5):
        blocks.append(Heading(2, (T(f"Section {section}: developments"),)))
        for para in range(4):
            inl: list = []
            for sentence in range(4):
                inl.append(T(FILLER if not sentence else " " + FILLER))
                inl.append(note(f"stream {section}.{para}.{sentence}"))
            blocks.append(Paragraph(tuple(inl)))
        if section == 2:
            blocks.append(Heading(3, (T("Subsection with a long note"),)))
            blocks.append(Paragraph((T("The long note follows here."), note("long annex", long=True), T(" " + FILLER))))
            blocks.append(
                BulletList(
                    (
                        (Paragraph((T("First item with a note."), note("list 1"))),),
                        (
                            Paragraph((T("Second item. "), T(FILLER), note("list 2"))),
                            OrderedList(
                                (
                                    (Paragraph((T("Nested ordered item."), note("nested list"))),),
                                    (Paragraph((T("Another nested item."),)),),
                                ),
                                start=3,
                            ),
                        ),
                        (Paragraph((T("Third item, no note."),)),),
                    )
                )
            )
        if section == 3:
            blocks.append(
                Table(
                    header=((T("Actor"),), (T("Activity"),), (T("Grade"),)),
                    rows=tuple(
                        (
                            (T(f"Group {r} {SERBIAN}"),),
                            (T(f"Observed movement near the crossing, day {r}."), note(f"table row {r}")),
                            (T("B2"),),
                        )
                        for r in range(1, 15)
                    ),
                    aligns=("left", "left", "center"),
                )
            )
            blocks.append(Quote((Paragraph((T("“We will not comment,” a ministry spokesperson said."), note("quote"))),)))
            blocks.append(ThematicBreak())
        if section == 4:
            blocks.append(
                Figure(
                    Timeline(
                        (
                            TimelineEvent("2025-07-19", "2025-07-28", "19–28 July 2025", "Protests at the crossing; " + FILLER),
                            TimelineEvent("2020", "2020", "2020", "Agreement signed."),
                            TimelineEvent("2025-07", "2025-07", "July 2025", "Reported build-up of forces."),
                            TimelineEvent("2025-07-20", "2025-07-20", "20 July 2025", "Border closed for six hours."),
                            TimelineEvent("2023-03-02", "2023-03-02", "2 March 2023", f"Incident in {CYRILLIC}."),
                            TimelineEvent("2025-07-21", "2025-07-21", "21 July 2025", "Talks resumed."),
                        )
                    ),
                    caption=(T("Timeline of events"), note("timeline sources")),
                )
            )
    return Document(
        Meta(
            title="Border incident at Horgoš: assessment",
            audience="EU policy brief",
            author="Analysis desk",
            date="20 July 2025",
            iso_date="2025-07-20",
            edition=2,
            marking="TLP:AMBER+STRICT",
            language="sr-Latn",
            subject="Border security",
            keywords=("border", "Serbia"),
            page_label="Strana",
            of_label="od",
        ),
        tuple(blocks),
    )


LONG_NOTES = len(list(iter_notes(long_document().blocks)))

HOSTILE = '<b>x</b> & <a href="javascript:alert(1)">'


def hostile_document() -> Document:
    long_word = "A" * 5000
    return Document(
        Meta(title="Hostile <title> & \ud800", marking="free text marking"),
        (
            Heading(1, (T("Head <i>ing</i> \x00\x07"),)),
            Paragraph((T(HOSTILE), Note(1, (Paragraph((T(HOSTILE),)),)))),
            Paragraph((T("ctrl\x00\x01\x1b[31mend tab\there\nnewline"),)),
            Paragraph((T("lone \ud800 surrogate \udfff end"),)),
            Paragraph((T("RTL שלום مرحبا \u202e reversed \u202c and e\u0301 combining"),)),
            Paragraph((T("emoji 😀 CJK 中文"),)),
            Paragraph((T(long_word),)),
            Table(header=((T("h"),),), rows=(((T(long_word),),),)),
            BulletList(((Paragraph((T(long_word),)),),)),
            Figure(Timeline((TimelineEvent("bad", "date", long_word, long_word),)), caption=(T(HOSTILE),)),
        ),
    )


# --- helpers ----------------------------------------------------------------


@cache
def render(name: str) -> bytes:
    doc = {"short": short_document, "long": long_document, "hostile": hostile_document}[name]()
    return write(doc, WriterOptions())


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


# --- tests ------------------------------------------------------------------


def test_short_document_is_a_pdf():
    data = render("short")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = page_texts(data)[0]
    assert "Border incident at Horgoš" in text
    assert "EU policy brief" in text
    assert note_token(1) in text


def test_a_layout_counts_the_pages_its_pdf_has_and_draws_only_when_kept():
    """A page-budget layout counts pages without drawing (page.BriefCanvas);
    the PDF drawn from it later is the one a direct write makes."""
    from briefgen.writers.pdf import layout

    for document in (short_document(), long_document()):
        laid_out = layout(document, WriterOptions())
        canv = laid_out.finish.args[0][0]  # the layout's canvas, still undrawn
        assert canv.getPageNumber() == 1 and not canv._code
        data = laid_out.data
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == laid_out.pages
        assert data == write(document, WriterOptions())

def test_lines_shared_between_layouts_change_no_pdf():
    """Layouts of one brief share the lines they break (footnotes._LINES):
    a PDF written after others, splits and all, is the one written alone."""
    from briefgen.writers.registry import budget_layouts_of

    budget_layouts_of(object())  # nothing shared yet
    alone = {name: make() for name, make in (("short", short_document), ("long", long_document))}
    alone = {name: write(document, WriterOptions()) for name, document in alone.items()}
    budget_layouts_of("one brief")
    for _ in range(2):
        for name, make in (("long", long_document), ("short", short_document)):
            assert write(make(), WriterOptions()) == alone[name], name

def test_long_document_has_several_pages_and_all_notes():
    assert 75 <= LONG_NOTES <= 90
    data = render("long")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 5
    links = note_links(data)
    assert sorted(links) == list(range(1, LONG_NOTES + 1))
    assert all(len(v) == 1 for v in links.values()), "each marker once"


def test_every_note_is_on_the_page_of_its_marker_below_the_text():
    data = render("long")
    links = note_links(data)
    assert len(links) == LONG_NOTES
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, [(page_index, marker_top, target, target_y)] in links.items():
            assert target == page_index, f"note {n}: marker links to another page"
            page = pdf.pages[page_index]
            hits = [w for w in page.extract_words() if w["text"].startswith(note_token(n))]
            assert hits, f"text of note {n} not on page {page_index + 1}"
            # pdfplumber's 'top' grows downward; PDF y grows upward.
            note_y = page.height - hits[0]["bottom"]
            assert note_y < marker_top, f"note {n} is not below its marker"
            assert abs((page.height - hits[0]["top"]) - target_y) < 15, f"marker {n} jumps elsewhere"


def test_notes_sit_below_all_body_text_on_each_page():
    data = render("long")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            notes = [w for w in words if w["text"].startswith("NTK")]
            if not notes:
                continue
            first_note_top = min(w["top"] for w in notes)
            # Body: anything set larger than note text (paragraphs, tables,
            # figure labels), between the header and the footer.
            body = [w for w in words if w["size"] > NOTE_SIZE + 0.5
                    and 60 < w["top"] < page.height - 80]
            assert body, "page has body text"
            assert max(w["bottom"] for w in body) < first_note_top, "note overlaps body text"


def test_note_numbers_are_consecutive_and_appear_once():
    data = render("long")
    numbers: list[int] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            for i, w in enumerate(words[:-1]):
                # The number hangs before the note text, in the note size.
                if w["text"].isdigit() and words[i + 1]["text"].startswith("NTK") and w["size"] < 9:
                    numbers.append(int(w["text"]))
                    assert words[i + 1]["text"].startswith(note_token(int(w["text"])))
    assert numbers == list(range(1, LONG_NOTES + 1))


def test_paragraphs_with_notes_split_across_pages():
    """Some paragraph's notes land on two different pages (split paragraph)."""
    links = note_links(render("long"))
    # Each body paragraph holds 4 consecutive notes (see long_document).
    pages_of = {n: links[n][0][0] for n in links}
    split = [n for n in range(2, LONG_NOTES) if pages_of[n] != pages_of[n + 1]]
    assert split, "no page break between two notes"


def test_serbian_and_cyrillic_survive_in_text_layer():
    data = render("long")
    text = "".join(page_texts(data))
    assert "čćđšž" in text and "ČĆĐŠŽ" in text
    assert CYRILLIC in text
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        assert "čćđšž".encode() in out and CYRILLIC.encode() in out


def _fonts(reader: pypdf.PdfReader):
    seen = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        stack = [resources]
        while stack:
            res = stack.pop().get_object()
            for font in (res.get("/Font") or {}).values():
                font = font.get_object()
                seen[font.get("/BaseFont")] = font
            for xobj in (res.get("/XObject") or {}).values():
                xobj = xobj.get_object()
                if "/Resources" in xobj:
                    stack.append(xobj["/Resources"])
    return seen


@pytest.mark.parametrize("name", ["short", "long", "hostile"])
def test_every_font_is_embedded(name):
    reader = pypdf.PdfReader(io.BytesIO(render(name)))
    fonts = _fonts(reader)
    assert fonts
    for base, font in fonts.items():
        assert "/ToUnicode" in font, base
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # composite font: descriptor on the descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base
        assert "Noto" in str(base), base


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils missing")
def test_pdffonts_reports_only_embedded_subsets(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(render("long"))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Noto" in row and " yes yes yes " in row, row


def test_marking_and_page_numbers_on_every_page():
    texts = page_texts(render("long"))
    total = len(texts)
    for i, text in enumerate(texts, 1):
        assert text.count("TLP:AMBER+STRICT") >= 2, f"page {i}: header and footer marking"
        assert f"Strana {i} od {total}" in text


def test_bookmarks_follow_headings():
    reader = pypdf.PdfReader(io.BytesIO(render("long")))
    outline = reader.outline
    titles = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))

    walk(outline, 0)
    assert (0, "Key judgements") in titles
    assert (1, "Section 1: developments") in titles
    assert (2, "Subsection with a long note") in titles


def _outline_tree(items) -> list:
    """pypdf's outline as [(title, [children...]), ...]."""
    tree: list = []
    for item in items:
        if isinstance(item, list):
            tree[-1] = (tree[-1][0], _outline_tree(item))
        else:
            tree.append((item.title, []))
    return tree


def test_bookmarks_nest_by_heading_hierarchy_from_level_two():
    # A brief's sections are level 2 and subsections level 3: the first
    # section must not become the parent of all the others.
    levels = [(2, "A"), (3, "A.1"), (3, "A.2"), (2, "B"), (3, "B.1")]
    blocks = [b for lv, name in levels for b in (Heading(lv, (T(name),)), Paragraph((T(FILLER),)))]
    reader = pypdf.PdfReader(io.BytesIO(write(Document(Meta(title="Brief"), tuple(blocks)), WriterOptions())))
    assert _outline_tree(reader.outline) == [
        ("A", [("A.1", []), ("A.2", [])]),
        ("B", [("B.1", [])]),
    ]


def test_bookmarks_survive_skipped_levels():
    blocks = [Heading(lv, (T(f"H{i}"),)) for i, lv in enumerate((4, 2, 4, 6, 3, 2))]
    reader = pypdf.PdfReader(io.BytesIO(write(Document(Meta(title="t"), tuple(blocks)), WriterOptions())))
    # 4 before any 2 is still a top entry; a skipped level nests one deeper.
    assert _outline_tree(reader.outline) == [
        ("H0", []),
        ("H1", [("H2", [("H3", [])]), ("H4", [])]),
        ("H5", []),
    ]


def test_links_are_uri_annotations_only_for_http():
    data = render("long")
    reader = pypdf.PdfReader(io.BytesIO(data))
    uris = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A") or {}
            if action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            assert action.get("/S") in (None, "/URI", "/GoTo"), action
    assert uris == ["https://example.org/report"]
    text = " ".join(" ".join(page_texts(data)).split())  # line breaks fall anywhere
    assert "unsafe link" in text and "mail" in text  # printed, not linked
    assert b"/JavaScript" not in data and b"/Launch" not in data and b"/EmbeddedFile" not in data


def test_metadata():
    reader = pypdf.PdfReader(io.BytesIO(render("long")))
    info = reader.metadata
    assert info.title == "Border incident at Horgoš: assessment"
    assert info.author == "Analysis desk"
    assert info.subject == "Border security"
    assert info.creator == "briefgen"
    assert "border" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20250720")
    assert reader.trailer["/Root"]["/Lang"] == "sr-Latn"


def test_output_is_byte_identical():
    doc = long_document()
    assert write(doc, WriterOptions()) == write(doc, WriterOptions())


def test_title_block_and_inline_formatting():
    first = page_texts(render("long"))[0]
    assert "EU policy brief" in first
    assert "20 July 2025 · Analysis desk · Edition 2 · TLP:AMBER+STRICT" in first
    assert "code_x" in first and "after a line break." in first


def test_timeline_events_in_date_order():
    text = "\n".join(page_texts(render("long")))
    # "July 2025" (the build-up) follows the July days it holds.
    order = ["Agreement signed.", "Incident in", "Protests at the crossing", "Border closed", "Talks resumed.", "Reported build-up"]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert "Timeline of events" in text


def test_hostile_text_appears_literally():
    data = render("hostile")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = "".join(page_texts(data))
    flat = text.replace("\n", "")
    assert HOSTILE in flat
    assert "Head <i>ing</i>" in flat
    assert "ctrl[31mend tab here newline" in flat  # controls dropped, whitespace kept
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
    assert "RTL \ufffd" in flat  # no Hebrew/Arabic glyphs bundled: visibly replaced
    assert "lone \ufffd surrogate \ufffd end" in flat
    assert "e\u0301 combining" in flat or "é combining" in flat
    assert "A" * 1000 in flat  # the long word is broken, not lost
    assert "TLP" not in text and "FREE TEXT MARKING" in text
    for page in reader.pages:  # nothing drawn off the page
        assert b"javascript" not in (page.get_contents().get_data() if page.get_contents() else b"").lower()


def test_hostile_words_do_not_overflow_the_page():
    data = render("hostile")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for ch in page.chars:
                assert -1 <= ch["x0"] and ch["x1"] <= page.width + 1
                assert -1 <= ch["top"] and ch["bottom"] <= page.height + 1


def _notes_on_own_pages(data: bytes, expected: int) -> None:
    links = note_links(data)
    assert sorted(links) == list(range(1, expected + 1))
    for n, [(page, _, target, _)] in links.items():
        assert target == page, f"note {n} is not on its marker's page"


def test_note_longer_than_a_page_terminates_and_continues():
    huge = " ".join([FILLER] * 60)  # several pages of note text
    doc = Document(
        Meta(title="Huge note", marking="TLP:RED"),
        (
            Paragraph((T("Before."), Note(1, (Paragraph((T(f"{note_token(1)} {huge} END-OF-HUGE"),)),)), T(" " + FILLER))),
            Paragraph((T(FILLER * 8), Note(2, (Paragraph((T(f"{note_token(2)} small"),)),)))),
        ),
    )
    data = write(doc, WriterOptions())
    text = "".join(page_texts(data))
    assert note_token(1) in text and "END-OF-HUGE" in text and note_token(2) in text
    links = note_links(data)
    assert links[1][0][0] == links[1][0][2]  # the note starts on its marker's page


NOTE_96_WORDS = " ".join((FILLER + " " + FILLER + " " + FILLER).split()[:96])


def _first_page_after_heading(notes: list[Note]) -> str:
    """Page 1 of a brief: title block, a section heading, then a paragraph
    whose first line carries `notes`."""
    inl: list = [T("BODY-START ")]
    for n in notes:
        inl += [T(f"claim {n.number} "), n]
    doc = Document(Meta(title="Notes", audience="EU policy brief"),
                   (Heading(2, (T("Section"),)), Paragraph(tuple(inl) + (T(" " + FILLER * 3),))))
    return page_texts(write(doc, WriterOptions()))[0]


def test_note_several_pages_long_does_not_leave_page_one_blank():
    huge = " ".join([FILLER] * 60)
    page_one = _first_page_after_heading([Note(1, (Paragraph((T(f"{note_token(1)} {huge}"),)),))])
    assert "BODY-START" in page_one and note_token(1) in page_one


def test_many_long_notes_on_one_line_do_not_leave_page_one_blank():
    notes = [Note(n, (Paragraph((T(f"{note_token(n)} {NOTE_96_WORDS}"),)),)) for n in range(1, 11)]
    page_one = _first_page_after_heading(notes)
    assert "BODY-START" in page_one and note_token(1) in page_one


def test_crowded_page_yields_body_space_to_notes():
    inl = []
    for n in range(1, 61):
        inl += [T(f"Claim {n} is reported."), Note(n, (Paragraph((T(f"{note_token(n)} source {n}, graded B2, " + FILLER[:80]),)),))]
        inl.append(T(" "))
    doc = Document(Meta(title="Crowded"), (Paragraph(tuple(inl)), Paragraph((T(FILLER),))))
    data = write(doc, WriterOptions())
    _notes_on_own_pages(data, 60)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 2


def test_nested_notes_and_odd_headings():
    inner = Note(2, (Paragraph((T(f"{note_token(2)} inner"),)),))
    doc = Document(
        Meta(title="Odd", marking=""),
        (
            Heading(3, (T("Starts deep"), Note(1, (Paragraph((T(f"{note_token(1)} outer"), inner)),)))),
            Heading(1, (T("Top"),)),
            Heading(5, (T("Jumps"),)),
            OrderedList(((BulletList(((Paragraph((T("deep"),)),),)),),)),
            Table(header=(), rows=()),
            Figure(Timeline(())),
        ),
    )
    data = write(doc, WriterOptions())
    text = "".join(page_texts(data))
    assert note_token(1) in text and note_token(2) in text
    assert "Starts deep" in text and "deep" in text


def test_empty_document():
    data = write(Document(Meta(title="")), WriterOptions())
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1


def test_over_long_word_in_a_footnote_wraps_on_the_page():
    # Found by the hostile-input property test: an anchor inside the note
    # paragraph stopped ReportLab from splitting a long word.
    word = "A" + "9" * 2500
    doc = Document(Meta(title="t"), (Paragraph((T("x"), Note(1, (Paragraph((T(word),)),))),),))
    data = write(doc, WriterOptions())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all(ch["x1"] <= page.width for page in pdf.pages for ch in page.chars)
        text = "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert word in text


def test_note_marker_inside_a_web_link_jumps_to_its_note():
    # The marker's own link to its note is how the frame finds its line, so
    # it must be there inside a web link too; the web link still works.
    notes = _Notes()
    blocks = [Paragraph((T(FILLER * 3), notes("before"))) for _ in range(8)]
    blocks.append(Paragraph((T("See the "), Link("https://example.org/r", (T("report"), notes("in link"))),
                             T(" " + FILLER * 2), notes("after"))))
    data = write(Document(Meta(title="Linked note"), tuple(blocks)), WriterOptions())
    _notes_on_own_pages(data, notes.n)
    uris = [ref.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(io.BytesIO(data)).pages
            for ref in page.get("/Annots") or [] if "/A" in ref.get_object()]
    assert uris == ["https://example.org/r"]


def _words(n: int) -> str:
    return " ".join((FILLER.split() * (n // len(FILLER.split()) + 1))[:n])


def _table_with_long_notes(words: int, rows: int) -> bytes:
    """A section whose table rows each cite a note of `words` words."""
    body = tuple(
        ((T(f"Row {r}"),), (T(f"Claim in row {r}."), Note(r, (Paragraph((T(f"{note_token(r)} {_words(words)}"),)),))), (T("B2"),))
        for r in range(1, rows + 1)
    )
    table = Table(header=((T("Item"),), (T("Claim"),), (T("Grade"),)), rows=body, aligns=("left", "left", "left"))
    doc = Document(Meta(title="Table with long notes"),
                   (Heading(2, (T("Sources"),)), Paragraph((T("The sources differ."),)), table))
    return write(doc, WriterOptions())


def _rows_by_page(texts: list[str]) -> list[list[int]]:
    return [[int(m) for m in re.findall(r"^Row (\d+) Claim", text, re.M)] for text in texts]


def test_table_rows_with_long_notes_pack_with_their_notes():
    # Eight rows citing ~300-word notes (about a third of a page each) need
    # about three pages; they took twelve, header-only pages between rows.
    data = _table_with_long_notes(300, 8)
    texts = page_texts(data)
    assert len(texts) <= 4
    rows = _rows_by_page(texts)
    assert sorted(r for page in rows for r in page) == list(range(1, 9))
    for i, text in enumerate(texts):
        if "Item Claim Grade" in text:
            assert rows[i], f"page {i + 1} shows the table header and no row"
    assert "The sources differ." in texts[0] and rows[0], "the table starts on page 1"
    _notes_on_own_pages(data, 8)


def test_table_rows_with_96_word_notes_start_on_page_one():
    data = _table_with_long_notes(96, 30)
    texts = page_texts(data)
    assert "Sources" in texts[0] and _rows_by_page(texts)[0]
    assert all(_rows_by_page(texts)), "every page shows rows"
    _notes_on_own_pages(data, 30)


def test_table_row_with_a_note_longer_than_a_page_starts_on_page_one():
    texts = page_texts(_table_with_long_notes(2000, 3))
    assert "Sources" in texts[0] and "The sources differ." in texts[0]
    assert _rows_by_page(texts)[0] == [1] and note_token(1) in texts[0]
    flat = " ".join(" ".join(texts).split())
    assert all(note_token(n) in flat for n in (1, 2, 3))
    for i, text in enumerate(texts):
        assert text.count("Item Claim Grade") <= 1, f"page {i + 1}: a header under the last row"
        if "Item Claim Grade" in text:
            assert _rows_by_page(texts)[i], f"page {i + 1} shows the table header and no row"


def test_a_table_never_breaks_a_word_across_lines_where_the_width_allows():
    """A narrow last column of names: each name stays whole on its line."""
    names = ("Vladisavljev", "Lindqvist", "Kowalczykowski", "—")
    rows = tuple(((T(FILLER),), (T(FILLER),), (T(str(i)),), (T(FILLER),), (T(name),))
                 for i, name in enumerate(names))
    table = Table(tuple((T(h),) for h in ("Source", "Reliability", "Facts", "Confirmed by",
                                           "Conflicts with")), rows)
    pdf = write(Document(Meta("Widths"), (table,)), WriterOptions())
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = {w["text"].strip(",") for w in doc.pages[0].extract_words()}
    assert {"Vladisavljev", "Lindqvist", "Kowalczykowski"} <= words
