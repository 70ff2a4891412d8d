"""What the PDF writer relies on in ReportLab's internals still holds.

Each test exercises real ReportLab objects through the adapter; a ReportLab
upgrade that renames or changes the meaning of what the adapter reads or
overrides makes one of these fail before the footnotes go wrong.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import Indenter, PageBreak
from reportlab.platypus.flowables import Flowable

from briefgen.writers.pdf import fonts, reportlab_adapter as rl

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
WORDS = " ".join(f"word{i}" for i in range(200))


def frame(cls=rl.AdaptedFrame, height=200.0, **kw):
    return cls(0, 0, 300, height, leftPadding=10, rightPadding=20,
               topPadding=5, bottomPadding=7, **kw)


def canvas() -> Canvas:
    return Canvas(io.BytesIO())


# --- frame state ----------------------------------------------------------------


def test_an_empty_frame_reads_its_own_box():
    f = frame()
    assert f.at_top()
    assert f.floor() == 7 and f.bottom_limit() == 7
    assert f.inner_width() == 270 and f.available_width() == 270
    assert f.inner_height() == 188 and f.box_height() == 200
    assert f.free_height() == 188 and f.used_height() == 0
    assert f.left_edge() == 10


def test_placing_a_flowable_uses_its_height_and_leaves_the_top():
    f = frame()
    assert f.place_plain(Spacer(10, 50), canvas())
    assert not f.at_top()
    assert f.used_height() == pytest.approx(50)
    assert f.free_height() == pytest.approx(138)


def test_a_raised_bottom_limit_refuses_what_no_longer_fits():
    f = frame()
    f.set_bottom_limit(f.floor() + 100)
    assert f.free_height() == pytest.approx(88)
    assert not f.place_plain(Spacer(10, 90), canvas(), 1)
    assert f.place_plain(Spacer(10, 80), canvas())
    assert f.free_height() == pytest.approx(8)


def test_space_before_is_collapsed_with_the_space_after_above():
    f = frame()
    above, below = Spacer(10, 10), Spacer(10, 10)
    above.spaceAfter, below.spaceBefore = 6, 10
    assert f.space_before(below) == 0  # nothing above at the top of a page
    f.place_plain(above, canvas())
    # ReportLab overlaps attached space by default: 10 after 6 adds 4.
    assert f.space_before(below) == 4


def test_indenter_narrows_the_available_width_only():
    f = frame()
    f.place_plain(Indenter(left=30), canvas())
    assert f.available_width() == 240 and f.inner_width() == 270


class _Recording(rl.AdaptedFrame):
    def __init__(self, *args, **kw):
        self.__dict__["events"] = []
        super().__init__(*args, **kw)

    def page_started(self):
        self.events.append(("page", self.free_height()))

    def place(self, flowable, canv, try_split=0):
        self.events.append(("place", type(flowable).__name__))
        return self.place_plain(flowable, canv, try_split)

    def split_here(self, flowable, canv):
        self.events.append(("split", type(flowable).__name__))
        return super().split_here(flowable, canv)


def _build(story, frame_) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(300, 200), invariant=1)
    doc.addPageTemplates([PageTemplate(id="p", frames=[frame_])])
    doc.build(story)
    return buffer.getvalue()


def test_the_doc_template_goes_through_the_hooks_each_page():
    f = frame(_Recording)
    data = _build([Paragraph(WORDS, STYLE), Spacer(10, 20)], f)
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert pages >= 2
    # Once when built, then once per page: an empty page every time.
    starts = [e for e in f.events if e[0] == "page"]
    assert len(starts) >= pages + 1 and all(h == 188 for _, h in starts)
    assert ("place", "Paragraph") in f.events and ("split", "Paragraph") in f.events
    assert f.events[-1] == ("place", "Spacer")


def test_frame_callback_runs_instead_of_being_drawn_and_queues_flowables():
    seen = []

    class Callback(rl.FrameCallback):
        def on_frame(self, frame_):
            seen.append(frame_.at_top())
            if len(seen) == 1:
                self.queue_after(frame_, PageBreak(), Callback())

    data = _build([Paragraph("text", STYLE), Callback()], frame())
    assert seen == [False, True]  # the queued callback ran on a new page
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 2


def test_attached_gives_a_flowable_its_frame_and_canvas_while_splitting():
    f, canv, flowable = frame(), canvas(), Flowable()
    with rl.attached(flowable, f, canv):
        assert flowable._frame is f and flowable.canv is canv
    assert not hasattr(flowable, "_frame") and not hasattr(flowable, "canv")


# --- paragraphs -----------------------------------------------------------------


def test_paragraph_lines_are_its_wrapped_lines_and_split_parts_share_them():
    para = Paragraph(WORDS + " <b>bold</b>", STYLE)
    _, h = para.wrap(200, 1e6)
    lines = rl.paragraph_lines(para)
    assert len(lines) == round(h / STYLE.leading) > 5
    first, rest = para.split(200, 3.5 * STYLE.leading)
    assert len(rl.paragraph_lines(first)) == 3
    rest.wrap(200, 1e6)
    assert len(rl.paragraph_lines(rest)) == len(lines) - 3


def test_a_wrap_depends_on_the_width_alone_so_it_is_remembered_per_width():
    para = Paragraph(WORDS, STYLE)
    size = para.wrap(270, 50)
    lines = [list(line) for line in rl.paragraph_lines(para)]
    rl.remember_wrap(para, 270)
    assert para.wrap(270, 5000) == size  # another height: the same lines
    assert [list(line) for line in rl.paragraph_lines(para)] == lines
    assert rl.still_wrapped(para, 270) and not rl.still_wrapped(para, 200)


def test_a_split_that_finds_no_room_forgets_the_lines_so_they_are_broken_again():
    para = Paragraph(WORDS, STYLE)
    para.wrap(270, 50)
    rl.remember_wrap(para, 270)
    assert para.split(270, 5) == []  # not even one line fits
    assert not rl.still_wrapped(para, 270)


def test_link_targets_are_read_on_the_line_that_prints_them():
    text = WORDS + ' end <a href="#target-1"><super>1</super></a> more'
    para = Paragraph(text, STYLE)
    para.wrap(200, 1e6)
    lines = rl.paragraph_lines(para)
    found = [i for i, line in enumerate(lines) if "#target-1" in rl.line_link_targets(line)]
    assert len(found) == 1 and found[0] > 0
    # The word "end" before the marker is on that line or the one above.
    words = [getattr(w, "text", "") for w in lines[found[0]].words]
    assert "1" in words
    # After a split the part holding the marker still reports it.
    head, tail = para.split(200, (found[0] + 0.5) * STYLE.leading)
    tail.wrap(200, 1e6)
    assert any("#target-1" in rl.line_link_targets(line) for line in rl.paragraph_lines(tail))
    assert not any(rl.line_link_targets(line) for line in rl.paragraph_lines(head))


def test_nested_links_report_both_targets():
    para = Paragraph('<a href="https://example.org">web <a href="#n-2"><super>2</super></a></a>',
                     STYLE)
    para.wrap(200, 1e6)
    targets = rl.line_link_targets(rl.paragraph_lines(para)[0])
    assert "https://example.org" in targets and "#n-2" in targets


def test_a_single_style_paragraph_has_no_link_targets():
    para = Paragraph(WORDS, STYLE)
    para.wrap(200, 1e6)
    assert all(rl.line_link_targets(line) == [] for line in rl.paragraph_lines(para))


# --- tables and fonts -----------------------------------------------------------


def test_table_cells_are_the_cells_of_each_split_part():
    cells = [[Paragraph(f"r{r}c{c}", STYLE) for c in range(2)] for r in range(30)]
    table = Table(cells, repeatRows=1)
    assert rl.table_cells(table) == [[[p] for p in row] for row in cells]
    first, rest = table.split(200, 100)
    head = rl.table_cells(first)
    assert head[0] == [[p] for p in cells[0]] and 1 < len(head) < 30
    assert rl.table_cells(rest)[0] == [[p] for p in cells[0]]  # header repeated
    assert rl.table_cells(rest)[1] == [[p] for p in cells[len(head)]]


def test_table_cells_hold_both_parts_of_a_row_split_inside_it():
    tall = Paragraph(WORDS, STYLE)
    table = Table([[Paragraph("head", STYLE)], [tall]], repeatRows=1, splitInRow=1)
    table.wrap(200, 1e6)
    first, rest = table.split(200, 100)
    top = rl.table_cells(first)[1][0]
    bottom = rl.table_cells(rest)[1][0]
    assert len(top) == 1 and len(bottom) == 1

    def text(p):
        return " ".join(w for line in rl.paragraph_lines(p) for w in line[1])

    top[0].wrap(190, 1e6), bottom[0].wrap(190, 1e6)
    assert (text(top[0]) + " " + text(bottom[0])).split() == WORDS.split()


def test_string_cells_hold_no_flowable():
    assert rl.table_cells(Table([["a", "b"]])) == [[[], []]]


def test_font_glyphs_map_code_points_the_font_draws():
    fonts.register_fonts()
    glyphs = rl.font_glyphs(fonts.SERIF)
    assert glyphs[ord("A")] and glyphs[ord("Ж")] and glyphs[ord("č")]
    assert not glyphs.get(0x1F600)  # no emoji in Noto Serif


def test_table_header_rows_counts_the_repeated_rows_of_each_part():
    cells = [[Paragraph(f"r{r}", STYLE)] for r in range(40)]
    assert rl.table_header_rows(Table(cells)) == 0
    assert rl.table_header_rows(Table(cells, repeatRows=(0, 1))) == 2
    first, rest = Table(cells, repeatRows=1).split(200, 100)
    assert rl.table_header_rows(first) == rl.table_header_rows(rest) == 1


def test_a_row_split_inside_it_can_leave_an_empty_slice_under_the_header():
    # What footnotes._shows_body guards against: a first part that prints
    # only the header (the row's slice holds no flowable).
    table = Table([[Paragraph("head", STYLE)], [Paragraph(WORDS, STYLE)]],
                  repeatRows=1, splitInRow=1)
    table.wrap(200, 1e6)
    first, _ = table.split(200, 22)
    assert rl.table_cells(first)[1] == [[]]


# --- drawing later ----------------------------------------------------------------


class _Marks(Flowable):
    """Draws a mark into the page's content stream."""

    def wrap(self, aW, aH):
        return 50, 20

    def draw(self):
        self.canv.drawString(0, 0, "MARK")


class _Deferring(Canvas):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.kept: list = []

    def later(self, draw, *args, **kw):
        self.kept.append((draw, args, kw))


def _page_text(canv: Canvas) -> str:
    return "".join(canv._code)  # the page's content stream so far


def test_frame_draws_a_placed_flowable_at_once_through_its_draw_on():
    canv = canvas()
    assert frame().place_plain(_Marks(), canv)
    assert "MARK" in _page_text(canv)


def test_a_deferring_canvas_is_handed_the_draw_and_nothing_is_drawn():
    canv, f, mark = _Deferring(io.BytesIO()), frame(), _Marks()
    assert f.place_plain(mark, canv)
    assert "MARK" not in _page_text(canv)
    assert "drawOn" not in vars(mark)  # the flowable is left as it was
    [(draw, args, kw)] = canv.kept
    draw(*args, **kw)  # played later: drawn where the frame placed it
    assert "MARK" in _page_text(canv)
    assert args[0] is mark and args[2:] == (10, 200 - 5 - 20) and set(kw) == {"_sW"}


def test_a_flowable_that_does_not_fit_hands_over_no_draw():
    canv = _Deferring(io.BytesIO())
    assert not frame(height=30).place_plain(_Marks(), canv)
    assert canv.kept == []


# --- lines shared between paragraphs of the same text -----------------------------

MIXED = WORDS + ' <b>bold</b> <i>italic</i> <a href="#n-1"><super>1</super></a> end'


def _wrapped(text: str = MIXED) -> Paragraph:
    para = Paragraph(text, STYLE)
    para.wrap(270, 1e6)
    return para


def _adopter(of: Paragraph) -> Paragraph:
    para = Paragraph(MIXED, STYLE)
    rl.adopt_wrap(para, rl.wrap_state(of), 270)
    return para


def _drawn(para: Paragraph) -> bytes:
    """The content stream the paragraph draws with the lines it holds."""
    canv = canvas()
    para.drawOn(canv, 0, 0)
    return "".join(canv._code).encode()


def _split_drawn(para: Paragraph) -> list[bytes]:
    first, rest = para.split(270, 60)
    rest.wrap(270, 1e6)
    return [_drawn(first), _drawn(rest)]


def test_a_paragraph_given_anothers_wrap_draws_and_splits_as_if_it_broke_its_own():
    adopter = _adopter(_wrapped())
    assert rl.still_wrapped(adopter, 270)
    assert (adopter.width, adopter.height) == (_wrapped().width, _wrapped().height)
    assert _drawn(adopter) == _drawn(_wrapped())
    assert _split_drawn(_adopter(_wrapped())) == _split_drawn(_wrapped())


def test_a_paragraph_that_breaks_its_lines_rewrites_its_fragments():
    """Why a wrap's state includes the fragments: a split cuts them by the
    lines' indices, and the raw ones of a fresh parse split differently."""
    raw = Paragraph(MIXED, STYLE)
    raw.__dict__.update({k: v for k, v in rl.wrap_state(_wrapped()).items() if k != "frags"})
    assert _split_drawn(raw) != _split_drawn(_wrapped())


def test_lines_copied_before_a_split_leave_the_other_holder_as_it_was():
    holder = _wrapped()
    before, split_before = _drawn(holder), _split_drawn(_wrapped())
    sharer = _adopter(holder)
    rl.own_lines(sharer)
    assert _split_drawn(sharer) == split_before
    assert _drawn(holder) == before
    assert _split_drawn(holder) == split_before


def test_equal_styles_have_one_fingerprint_and_a_changed_one_another():
    a = ParagraphStyle("a", fontName="Helvetica", fontSize=10, leading=12)
    first = rl.style_fingerprint(a)
    # Made after a's fingerprint: a style copies all its parent holds.
    b = ParagraphStyle("b", parent=a)
    c = ParagraphStyle("c", parent=a, leftIndent=20)
    assert rl.style_fingerprint(b) == first != rl.style_fingerprint(c)
