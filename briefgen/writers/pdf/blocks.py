"""Document blocks -> platypus flowables (body text and footnote text)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, cast

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle
from reportlab.platypus.doctemplate import Indenter
from reportlab.platypus.flowables import AnchorFlowable, HRFlowable

from briefgen.document import (
    BulletList,
    Figure,
    Heading,
    OrderedList,
    Paragraph,
    Quote,
    Table as TableBlock,
    ThematicBreak,
    plain_text,
)
from briefgen.warnings import not_handled

from . import fonts, styles
from .footnotes import NoteParagraph
from .markup import clean, inline_markup, note_anchor, note_numbers
from .styles import StyleSet

LIST_INDENT = 16.0
QUOTE_INDENT = 18.0
BULLETS = ("\u2022", "\u2013", "\u2022")  # by nesting depth
# A header row repeated on every page must leave room for rows under it; a
# taller one (a very long heading text) is printed once and may itself split,
# since a repeated row taller than a page can never be placed.
MAX_REPEATED_HEAD = 120.0
_ALIGN = {"center": TA_CENTER, "right": TA_RIGHT, "left": TA_LEFT}


@dataclass(frozen=True)
class Ctx:
    """Where a block sits: indent, list depth, inside a quote, bullet label."""

    indent: float = 0.0
    depth: int = 0
    quote: bool = False
    bullet: str | None = None
    anchor: str | None = None  # named destination at the start of the text


class QuoteParagraph(NoteParagraph):
    """Quoted text: a thin bar in the margin left of the text."""

    def draw(self):
        super().draw()
        x = self.style.leftIndent - 9
        self.canv.saveState()
        self.canv.setStrokeColor(styles.RULE)
        self.canv.setLineWidth(2)
        self.canv.line(x, 0, x, self.height)
        self.canv.restoreState()


class HeadingParagraph(NoteParagraph):
    """A heading that registers itself as a PDF outline entry when drawn."""

    outline: tuple[str, str, int] | None = None  # (title, key, level)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for later in parts[1:]:
            later.outline = None  # only the first part carries the bookmark
        return parts

    def draw(self):
        super().draw()
        if self.outline:
            title, key, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


class Converter:
    """Turns model blocks into flowables with one StyleSet."""

    def __init__(self, style_set: StyleSet, width: float, outline: bool = False):
        self.s = style_set
        self.width = width
        self.outline = outline
        # Heading levels of the open outline entries, shallowest first: a
        # heading's outline depth is how many shallower headings enclose it.
        self._open_levels: list[int] = []
        self._headings = 0
        self._style_cache: dict[tuple, ParagraphStyle] = {}

    def blocks(self, blocks, ctx: Ctx = Ctx()) -> list:
        out: list = []
        for i, block in enumerate(blocks):
            # Only the first block of a list item carries its bullet.
            out.extend(self.block(block, ctx if i == 0 else replace(ctx, bullet=None, anchor=None)))
        return out

    def block(self, block, ctx: Ctx) -> list:
        if isinstance(block, Heading):
            return self.heading(block, ctx)
        if isinstance(block, Paragraph):
            return [self.paragraph(block.children, ctx)]
        if isinstance(block, (BulletList, OrderedList)):
            return self.list_(block, ctx)
        if isinstance(block, TableBlock):
            return self._indented(self.table(block, ctx), ctx)
        if isinstance(block, Quote):
            inner = replace(ctx, indent=ctx.indent + QUOTE_INDENT, quote=True)
            return self.blocks(block.blocks, inner)
        if isinstance(block, ThematicBreak):
            return [HRFlowable(width="30%", thickness=0.7, color=styles.RULE,
                               spaceBefore=8, spaceAfter=10, hAlign="CENTER")]
        if isinstance(block, Figure):
            return self._indented(self.figure(block, ctx), ctx)
        raise not_handled("PDF writer", block)

    # --- text ---------------------------------------------------------------

    def paragraph(self, inlines, ctx: Ctx, base: ParagraphStyle | None = None):
        base = base or (self.s.quote if ctx.quote else self.s.para)
        style = self._style(base, ctx)
        cls = QuoteParagraph if ctx.quote else NoteParagraph
        anchor = f'<a name="{ctx.anchor}"/>' if ctx.anchor else ""
        return cls(anchor + inline_markup(inlines), style, bulletText=ctx.bullet,
                   cites=note_numbers(inlines))

    def _style(self, base: ParagraphStyle, ctx: Ctx) -> ParagraphStyle:
        key = (base.name, ctx.indent, ctx.depth, ctx.bullet is not None)
        if key not in self._style_cache:
            indent = base.leftIndent + ctx.indent
            bullet_at = max(0.0, indent - LIST_INDENT + 3) if ctx.depth else base.bulletIndent
            self._style_cache[key] = ParagraphStyle(
                f"{base.name}-{len(self._style_cache)}", parent=base,
                leftIndent=indent, bulletIndent=bullet_at,
                # List items sit closer together than paragraphs.
                spaceAfter=base.spaceAfter if ctx.bullet is None else 3,
            )
        return self._style_cache[key]

    def heading(self, block: Heading, ctx: Ctx) -> list:
        style = self._style(styles.heading_style(block.level) if self.outline else self.s.para, ctx)
        anchor = f'<a name="{ctx.anchor}"/>' if ctx.anchor else ""
        para = HeadingParagraph(anchor + inline_markup(block.children), style,
                                bulletText=ctx.bullet, cites=note_numbers(block.children))
        if not self.outline:
            return [para]
        self._headings += 1
        title = clean(plain_text(block.children)).strip() or "\u2014"
        para.outline = (title, f"bg-h{self._headings}", self._outline_depth(block.level))
        return [para]

    def _outline_depth(self, level: int) -> int:
        """Outline depth from the headings' own nesting, not their number.

        A brief's sections start at level 2, so depth cannot be ``level - 1``;
        and depth grows by at most one per heading however many levels a
        heading skips (2 then 4), since ReportLab refuses a deeper jump.
        """
        while self._open_levels and self._open_levels[-1] >= level:
            self._open_levels.pop()  # siblings and deeper headings close
        self._open_levels.append(level)
        return len(self._open_levels) - 1

    # --- lists --------------------------------------------------------------

    def list_(self, block, ctx: Ctx) -> list:
        ordered = isinstance(block, OrderedList)
        inner = replace(ctx, indent=ctx.indent + LIST_INDENT, depth=ctx.depth + 1, anchor=None)
        out: list = []
        for i, item in enumerate(block.items):
            label = f"{block.start + i}." if ordered else BULLETS[ctx.depth % len(BULLETS)]
            item_ctx = replace(inner, bullet=label)
            if not item or not isinstance(item[0], Paragraph):
                # Nothing to hang the bullet on: give it a line of its own.
                out.append(self.paragraph((), item_ctx))
                item_ctx = replace(item_ctx, bullet=None)
            out.extend(self.blocks(item, item_ctx))
        return out

    # --- tables and figures -------------------------------------------------

    def table(self, block: TableBlock, ctx: Ctx) -> list:
        ncols = max([len(block.header)] + [len(r) for r in block.rows] + [1])
        aligns = [_ALIGN.get(a, TA_LEFT) for a in block.aligns] + [TA_LEFT] * ncols
        head = [self._cell(c, self.s.cell_head, aligns[j])
                for j, c in enumerate(_pad(block.header, ncols))]
        body = [[self._cell(c, self.s.cell, aligns[j]) for j, c in enumerate(_pad(r, ncols))]
                for r in block.rows]
        data = ([head] if block.header else []) + body
        if not data:
            return []
        widths = _column_widths([block.header] + list(block.rows), ncols,
                                self.width - ctx.indent, self.s.cell)
        repeat = 1 if block.header and _head_height(head, widths) <= MAX_REPEATED_HEAD else 0
        table = Table(data, colWidths=widths, repeatRows=repeat,
                      splitByRow=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(_table_style(bool(block.header)))
        table.spaceBefore, table.spaceAfter = 4, 10
        return [table]

    def _cell(self, inlines, base: ParagraphStyle, align: int) -> NoteParagraph:
        key = (base.name, align)
        if key not in self._style_cache:
            self._style_cache[key] = ParagraphStyle(f"{base.name}-a{align}", parent=base,
                                                    alignment=cast(Any, align))
        return NoteParagraph(inline_markup(inlines), self._style_cache[key],
                             cites=note_numbers(inlines))

    def figure(self, block: Figure, ctx: Ctx) -> list:
        from .timeline import timeline_flowables  # drawing code only when needed

        width = self.width - ctx.indent
        out = timeline_flowables(block.content, width, note=self.s.note is not None)
        if block.caption:
            caption_ctx = replace(ctx, indent=0.0, bullet=None)
            out.append(self.paragraph(block.caption, caption_ctx, self.s.caption))
        return out

    def _indented(self, flowables: list, ctx: Ctx) -> list:
        if not ctx.indent or not flowables:
            return flowables
        return [Indenter(left=ctx.indent), *flowables, Indenter(left=-ctx.indent)]


def _head_height(head: list, widths: list[float]) -> float:
    """Height of the header row's tallest cell at its column width."""
    # 10 = the cells' left and right padding (_table_style).
    heights = (cell.wrap(w - 10, 1e7)[1] for cell, w in zip(head, widths, strict=True))
    return max(heights, default=0.0)


def _pad(cells, n: int):
    return tuple(cells) + ((),) * (n - len(cells))


def _column_widths(rows, ncols: int, width: float, style: ParagraphStyle) -> list[float]:
    """Share the width by how much text each column holds, within limits,
    each column at least as wide as its longest word where the width allows
    (a name broken mid-word, "Vladisavlje/v", reads as a typo)."""
    natural, longest = [0.0] * ncols, [0.0] * ncols
    for row in rows:
        for j, cell in enumerate(row[:ncols]):
            text = clean(plain_text(cell))
            natural[j] = max(natural[j], min(_text_width(text, style) + 12, width))
            words = text.split() or [""]
            longest[j] = max(longest[j], max(_text_width(w, style) for w in words) + 12)
    base = min(48.0, width / ncols)
    floors = [max(base, word) for word in longest]
    if sum(floors) > width:  # too many long words: fall back to a common floor
        floors = [base] * ncols
    want = [max(floor, min(n, width * 0.55)) for floor, n in zip(floors, natural, strict=True)]
    total = sum(want)
    if total <= width:
        # Short tables fill the width, the wordier columns taking the most.
        return [w * width / total for w in want]
    flexible = sum(w - floor for w, floor in zip(want, floors, strict=True)) or 1.0
    excess = total - width
    return [w - excess * (w - floor) / flexible for w, floor in zip(want, floors, strict=True)]


def _text_width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, fonts.SERIF, style.fontSize)


def _table_style(has_header: bool) -> TableStyle:
    cmds: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, styles.RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        # Table's own font for string cells; all our cells are paragraphs.
        ("FONTNAME", (0, 0), (-1, -1), fonts.SERIF),
    ]
    if has_header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), styles.TABLE_HEAD_BG))
    return TableStyle(cmds)


def link_headings(story: list) -> list:
    """Tie each heading to the next real flowable so neither is orphaned; and
    a short paragraph that introduces a table ("The sources differ on …") to
    the table, so the introduction does not end one page and the table begin
    the next."""
    from reportlab.platypus.doctemplate import ActionFlowable

    real = [f for f in story if not isinstance(f, ActionFlowable)]
    for here, after in zip(real, real[1:] + [None], strict=False):
        if isinstance(here, HeadingParagraph):
            here.keep_next = after
        elif isinstance(here, NoteParagraph) and isinstance(after, Table) and _short(here):
            here.keep_next = after
    return story


def _short(paragraph) -> bool:
    """At most two lines of body text: an introduction, not an argument."""
    return len(paragraph.getPlainText()) <= 240


def note_flowables(notes, width: float) -> tuple[dict[int, list], dict[int, list[int]]]:
    """Each note's flowables (number hanging before its first line)."""
    from briefgen.document import iter_notes

    conv = Converter(styles.note_styles(), width)
    flowables: dict[int, list] = {}
    nested: dict[int, list[int]] = {}
    for note in notes:
        if note.number in flowables:
            continue
        first = Ctx(bullet=str(note.number))
        body = conv.blocks(note.blocks, first) if note.blocks else [conv.paragraph((), first)]
        if not isinstance(body[0], NoteParagraph) or body[0].bulletText != str(note.number):
            body.insert(0, conv.paragraph((), first))
        # The jump target is a flowable of its own: an <a name> inside the
        # paragraph would stop ReportLab from splitting an over-long word.
        flowables[note.number] = [AnchorFlowable(note_anchor(note.number)), *body]
        nested[note.number] = [n.number for n in iter_notes(note.blocks)]
    return flowables, nested
