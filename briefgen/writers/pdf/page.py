"""Page furniture: A4 template, header/footer, TLP marking, page totals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageTemplate

from briefgen.document import Meta

from . import fonts, styles
from .footnotes import FootnoteFrame, NoteRegistry
from .markup import clean

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 21 * mm
MARGIN_BOTTOM = 19 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
TOTAL_FORM = "bgPageTotal"
CHROME_SIZE = 7.5

# FIRST TLP 2.0: label colour on black.
_TLP_COLOURS = {
    "TLP:RED": HexColor("#FF2B2B"),
    "TLP:AMBER+STRICT": HexColor("#FFC000"),
    "TLP:AMBER": HexColor("#FFC000"),
    "TLP:GREEN": HexColor("#33FF00"),
    "TLP:CLEAR": HexColor("#FFFFFF"),
}


@dataclass(frozen=True)
class Chrome:
    """What every page shows besides the text."""

    title: str
    marking: str
    page_label: str
    of_label: str


def chrome_for(meta: Meta) -> Chrome:
    return Chrome(
        title=_fit(clean(meta.title), fonts.SANS, CHROME_SIZE, FRAME_W * 0.6),
        marking=_fit(" ".join(clean(meta.marking).upper().split()), fonts.SANS_BOLD, 8,
                     FRAME_W * 0.35),
        page_label=clean(meta.page_label),
        of_label=clean(meta.of_label),
    )


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten with an ellipsis so chrome never runs off the page."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def marking_colour(marking: str):
    return _TLP_COLOURS.get(marking.replace(" ", ""), white)


def draw_marking(canv, marking: str, right: float, y: float) -> None:
    """The marking right-aligned at `right`: coloured capitals on black."""
    if not marking:
        return
    size = 8
    w = stringWidth(marking, fonts.SANS_BOLD, size)
    canv.saveState()
    canv.setFillColor(black)
    canv.rect(right - w - 8, y - 3, w + 8, size + 5, stroke=0, fill=1)
    canv.setFillColor(marking_colour(marking))
    canv.setFont(fonts.SANS_BOLD, size)
    canv.drawRightString(right - 4, y, marking)
    canv.restoreState()


def _draw_chrome(canv, chrome: Chrome) -> None:
    right = PAGE_W - MARGIN_X
    head_y = PAGE_H - MARGIN_TOP + 10 * mm
    foot_y = MARGIN_BOTTOM - 12 * mm
    canv.saveState()
    canv.setFont(fonts.SANS, CHROME_SIZE)
    canv.setFillColor(styles.MUTED)
    canv.drawString(MARGIN_X, head_y, chrome.title)
    text = f"{chrome.page_label} {canv.getPageNumber()} {chrome.of_label} "
    canv.drawString(MARGIN_X, foot_y, text)
    # The total is a form XObject filled in when the document is saved.
    canv.translate(MARGIN_X + stringWidth(text, fonts.SANS, CHROME_SIZE), foot_y)
    canv.doForm(TOTAL_FORM)
    canv.restoreState()
    draw_marking(canv, chrome.marking, right, head_y)
    draw_marking(canv, chrome.marking, right, foot_y)


class BriefCanvas(Canvas):
    """A canvas that writes the page total once it is known.

    Deferred, it neither draws nor writes while the layout runs: every
    drawing call the layout makes (``later``: page chrome, each flowable
    placed, each page's notes, the page break) is kept, in order, and played
    only when ``finish`` is called. Most layouts of a page-budget search only
    count pages and are discarded; drawing was about a third of a layout,
    and subsetting and embedding the fonts a quarter of the rest. Played in
    the order made, the calls leave the same bytes as drawing at once."""

    def __init__(self, *args, creation_date: str = "", deferred: bool = False, **kw):
        super().__init__(*args, **kw)
        self._deferred = deferred
        self._kept: list[Callable[[], object]] = []
        if creation_date:
            self.setDateFormatter(lambda *_: creation_date)

    def later(self, draw: Callable, *args, **kw) -> None:
        """Draw now, or, deferred, when the layout is finished."""
        if self._deferred:
            self._kept.append(partial(draw, *args, **kw))
        else:
            draw(*args, **kw)

    def showPage(self):
        self.later(Canvas.showPage, self)

    def save(self):
        if not self._deferred:
            self._write()

    def finish(self):
        """Draw what a deferred layout kept, then write the file."""
        self._deferred = False
        kept, self._kept = self._kept, []
        for draw in kept:
            draw()
        self._write()

    def _write(self):
        self.beginForm(TOTAL_FORM)
        self.setFont(fonts.SANS, CHROME_SIZE)
        self.setFillColor(styles.MUTED)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


def pdf_date(iso_date: str, timestamp: str) -> str:
    """PDF date string from the options timestamp (SOURCE_DATE_EPOCH or the
    case's as-of date, set by the build), else meta.iso_date; never the clock."""
    for value in (timestamp, iso_date):
        try:
            dt = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
        except ValueError:
            continue
        if dt.tzinfo is not None:
            dt = dt.astimezone(UTC)
        return dt.strftime("D:%Y%m%d%H%M%S+00'00'")
    return "D:20000101000000+00'00'"


class BriefDocTemplate(BaseDocTemplate):
    """One A4 frame with a footnote area; chrome and notes drawn per page."""

    def __init__(self, buffer, meta: Meta, registry: NoteRegistry, **kw):
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            initialFontName=fonts.SERIF, initialFontSize=10, initialLeading=12,
            invariant=1, **kw,
        )
        self.chrome = chrome_for(meta)
        self.body_frame = FootnoteFrame(
            MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
            id="body", registry=registry,
        )
        self.pages_used = 0.0  # pages laid out, the last one counted by how full it is
        self.addPageTemplates([PageTemplate(
            id="page", frames=[self.body_frame],
            onPage=self._on_page, onPageEnd=self._on_page_end,
        )])

    def _on_page(self, canv, doc):
        canv.later(_draw_chrome, canv, self.chrome)

    def _on_page_end(self, canv, doc):
        notes = self.body_frame.notes_area()
        if notes is not None:
            canv.later(notes.draw, canv)
        # The document's page count: a deferred canvas has not turned a page yet.
        self.pages_used = self.page - 1 + self.body_frame.used_fraction()
