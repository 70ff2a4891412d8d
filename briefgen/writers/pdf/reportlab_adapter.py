"""Every use of ReportLab internals in the PDF writer, behind named helpers.

The footnote engine needs more than ReportLab's public API: it keeps room
for notes at the bottom of the frame, places and splits flowables itself,
and reads which lines of a paragraph (and which cells of a table part) a
split produced.  Everything that relies on ReportLab's private members or
on overriding ReportLab methods that depend on them lives here, so an
upgrade is checked in one module (tests/writers/test_reportlab_adapter.py
fails if what this relies on changes).

Tested with ReportLab 5.1.0 (the whole suite) and 4.5.1 (this module's
tests and the PDF writer's); the dependency is pinned to the majors tested,
``reportlab>=4.5,<6``.  Relied on:

- ``Frame``: ``_reset()`` starts each page and ``_add()``/``add`` place a
  flowable (both overridden here); ``split(flowable, canv)`` is how the
  doc template asks a frame to split; ``_y`` (the cursor), ``_y1p`` (the
  bottom limit), ``_y1``/``_y2``/``_x1``/``_height`` and the paddings (the
  frame's box), ``_aW``/``_aH`` (inner width and height), ``_atTop``,
  ``_prevASpace``/``_oASpace`` (overlapping attached space) and
  ``_getAvailableWidth()`` (width less ``Indenter`` indents).
- A flowable's ``frameAction(frame)`` is called instead of placing it, and
  ``Frame.add_generated_content`` queues flowables after it.
- A flowable being split may read ``_frame`` and ``canv`` (set as Frame does).
- ``Paragraph.blPara.lines`` after ``wrap``: one entry per line; a line of
  a paragraph with more than one style is an object whose ``words`` are
  fragments carrying their ``link`` list of ``(index, target)``; a line of a
  single-style paragraph is a tuple (no links).  ``split`` parts hold the
  lines they print.  ``Paragraph.wrap`` reads the width only, never the
  height, so its lines stand until the width changes or ``split`` deletes
  ``blPara`` (it does when the paragraph cannot be split there).
- ``Table._cellvalues``: a table's (or a split part's) cells, row by row;
  a cell is a flowable, a list or tuple of flowables, or a string; a split
  part keeps ``repeatRows`` and may offer the header over an empty slice of
  the next row (no flowable in its cells).
- ``TTFontFace.charToGlyph``: a registered TrueType font's code point map.
"""

from __future__ import annotations

from contextlib import contextmanager
from copy import deepcopy
from functools import partial
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Frame
from reportlab.platypus.flowables import Flowable

__all__ = [
    "AdaptedFrame",
    "FrameCallback",
    "adopt_wrap",
    "attached",
    "font_glyphs",
    "line_link_targets",
    "own_lines",
    "paragraph_lines",
    "remember_wrap",
    "still_wrapped",
    "style_fingerprint",
    "table_cells",
    "table_header_rows",
    "wrap_state",
]


class AdaptedFrame(Frame):
    """A frame with a movable bottom limit, hooks instead of overrides, and
    named read-outs of its state.

    Subclasses override ``page_started``, ``place`` and ``split_here``;
    ReportLab's own entry points (``_reset``, ``_add``/``add``, ``split``)
    are routed to them.  Names avoid Frame's geometry attributes (``x1``,
    ``width``, ...), which Frame intercepts.
    """

    # --- hooks for subclasses -------------------------------------------------

    def page_started(self) -> None:
        """Called whenever the frame is emptied for a new page."""

    def place(self, flowable, canv, try_split: int = 0) -> int:
        """Place a flowable; 1 if it was placed, 0 if it does not fit."""
        return self.place_plain(flowable, canv, try_split)

    def split_here(self, flowable, canv) -> list:
        """Split a flowable that does not fit into what fits here and the rest."""
        return Frame.split(self, flowable, canv)

    # --- ReportLab's entry points ---------------------------------------------

    def _reset(self):
        super()._reset()
        self.page_started()

    def _add(self, flowable, canv, trySplit=0):
        return self.place(flowable, canv, trySplit)

    add = _add  # Frame binds ``add`` to its own ``_add`` at class creation

    def split(self, flowable, canv):
        return self.split_here(flowable, canv)

    # --- plain ReportLab behaviour --------------------------------------------

    def place_plain(self, flowable, canv, try_split: int = 0) -> int:
        """Place as ReportLab would, above the current bottom limit.

        Frame draws a flowable that fits by calling its ``drawOn`` at once; a
        canvas that defers drawing (``later``, page.BriefCanvas) is handed the
        call instead, to make when the layout is kept."""
        later = getattr(canv, "later", None)
        if later is None:
            return Frame._add(self, flowable, canv, try_split)
        flowable.drawOn = partial(later, type(flowable).drawOn, flowable)
        try:
            return Frame._add(self, flowable, canv, try_split)
        finally:
            del flowable.drawOn

    # --- state ----------------------------------------------------------------

    def floor(self) -> float:
        """The lowest y text may reach when nothing is reserved."""
        return self._y1 + self._bottomPadding

    def bottom_limit(self) -> float:
        return self._y1p

    def set_bottom_limit(self, y: float) -> None:
        """Text stops above y (the room below is kept for something else)."""
        self._y1p = y

    def free_height(self) -> float:
        """Height left between the cursor and the bottom limit."""
        return self._y - self._y1p

    def used_height(self) -> float:
        """Height the flowables placed on this page take from the top."""
        return (self._y2 - self._topPadding) - self._y

    def at_top(self) -> bool:
        """Nothing placed on this page yet."""
        return bool(self._atTop)

    def inner_width(self) -> float:
        return self._aW

    def available_width(self) -> float:
        """Inner width less the current Indenter indents."""
        return self._getAvailableWidth()

    def inner_height(self) -> float:
        return self._aH

    def box_height(self) -> float:
        return self._height

    def left_edge(self) -> float:
        return self._x1 + self._leftPadding

    def space_before(self, flowable) -> float:
        """The space ReportLab leaves above the flowable here."""
        if self._atTop:
            return 0.0
        s = flowable.getSpaceBefore()
        return max(s - self._prevASpace, 0) if self._oASpace else s


class FrameCallback(Flowable):
    """A flowable that is not drawn: the frame calls ``on_frame`` instead."""

    def on_frame(self, frame) -> None:
        """What to do when the frame reaches this flowable."""

    def frameAction(self, frame):
        self.on_frame(frame)

    @staticmethod
    def queue_after(frame, *flowables) -> None:
        """Flowables the frame handles right after this one."""
        frame.add_generated_content(*flowables)


@contextmanager
def attached(flowable, frame, canv):
    """The flowable sees its frame and canvas while it is split (as Frame's
    own split and add provide)."""
    flowable._frame, flowable.canv = frame, canv
    try:
        yield flowable
    finally:
        for attr in ("canv", "_frame"):
            if hasattr(flowable, attr):
                delattr(flowable, attr)


def still_wrapped(paragraph, width: float) -> bool:
    """Whether the paragraph's lines and height are those its last ``wrap`` at
    this width made (``remember_wrap``): then wrapping again would only break
    the same lines again."""
    state = vars(paragraph)
    return state.get("_bg_wrapped_width") == width and "blPara" in state


def remember_wrap(paragraph, width: float) -> None:
    paragraph._bg_wrapped_width = width


# What Paragraph.wrap leaves on the paragraph: its lines, the fragments it
# rewrote while breaking them (a split cuts those by the lines' indices) and
# what drawing and splitting read.
_WRAP_STATE = ("frags", "width", "height", "blPara", "_wrapWidths", "_width_max",
               "_hyphenations", "_splitLongWordCount")


def wrap_state(paragraph) -> dict:
    """What a ``wrap`` left on the paragraph, for another paragraph of the
    same text and style to adopt (``adopt_wrap``) instead of breaking the
    same lines again."""
    state = vars(paragraph)
    return {name: state[name] for name in _WRAP_STATE if name in state}


def adopt_wrap(paragraph, state: dict, width: float) -> None:
    """Give the paragraph the lines another one of the same text and style
    broke at this width. Both then hold the same line and fragment objects,
    which a split may change in place: call ``own_lines`` before one."""
    vars(paragraph).update(state)
    remember_wrap(paragraph, width)


def own_lines(paragraph) -> None:
    """A private copy of the paragraph's lines and fragments, together (the
    lines point into the fragments)."""
    paragraph.blPara, paragraph.frags = deepcopy((paragraph.blPara, paragraph.frags))


def style_fingerprint(style) -> str:
    """The values that decide how a paragraph style breaks and draws lines
    (its own name and parent excepted): equal styles, equal lines. Made once
    per style object and kept beside it, not on it: a style made from
    another copies everything its parent holds."""
    found = _FINGERPRINTS.get(style)
    if found is None:
        state = vars(style)
        found = repr([(k, state[k]) for k in sorted(state) if k not in ("name", "parent")])
        _FINGERPRINTS[style] = found
    return found


_FINGERPRINTS: WeakKeyDictionary = WeakKeyDictionary()


def paragraph_lines(paragraph) -> list:
    """The lines of a wrapped paragraph (or split part), top to bottom."""
    return paragraph.blPara.lines


def line_link_targets(line) -> list[str]:
    """Link targets on a paragraph line, in reading order."""
    words = getattr(line, "words", None)
    if words is None or isinstance(line, tuple):
        return []  # single-style line: one style, so no link of its own
    return [target for word in words for _, target in (getattr(word, "link", None) or ())]


def table_cells(table) -> list[list[list]]:
    """The flowables in each cell of a table (or split part), row by row.

    A cell holds a flowable, a list or tuple of them (ReportLab wraps a split
    cell's parts so), or a string; a string cell holds no flowable.
    """
    return [[_cell_flowables(cell) for cell in row] for row in table._cellvalues]


def table_header_rows(table) -> int:
    """How many leading rows the table repeats on each page (``repeatRows``
    is a count or a tuple of row indices)."""
    repeat = table.repeatRows
    return len(repeat) if isinstance(repeat, (list, tuple)) else int(repeat or 0)


def _cell_flowables(cell) -> list:
    items = cell if isinstance(cell, (list, tuple)) else [cell]
    return [item for item in items if isinstance(item, Flowable)]


def font_glyphs(font_name: str) -> dict[int, int]:
    """Code point -> glyph index of a registered TrueType font."""
    return pdfmetrics.getFont(font_name).face.charToGlyph
