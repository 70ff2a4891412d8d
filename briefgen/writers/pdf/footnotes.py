"""Footnotes at the bottom of the page that carries their marker.

Design: the one frame on each page keeps a *notes area* growing upward from
its bottom edge.  When a flowable is placed, the frame first raises its
bottom limit by the height of the notes that flowable references
and that are not yet on the page; if the flowable no longer fits, it is
split.  ``NoteParagraph`` splits itself at the largest line count whose
lines *plus their notes* fit; other flowables (tables) are split repeatedly
with less height until the first part and its notes fit.  At page end the
page template draws the collected notes under a short rule.

Which notes a flowable cites is an explicit tag, ``cites``, set where the
paragraph is built from the document model (blocks.py); a table cites what
its cells cite.  Which *line* of a paragraph prints a marker is read from
the marker's link to its note (markup.py), so a split part knows its own
notes.  ReportLab internals are used only through ``reportlab_adapter``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import PageBreak, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable

from . import reportlab_adapter as rl
from .markup import note_target
from .styles import RULE

RULE_SPACE = 14.0  # gap above the rule + gap below it, added once per page
RULE_DROP = 7.0  # where the rule sits below the top of the notes area
NOTE_GAP = 1.5  # between two notes
_FUZZ = 1e-6
_CARRY_SHARE = 0.75  # at most this much of a page for notes continued from before
# A paragraph whose first line and notes do not fit in the room left moves to
# the next page only if that leaves at most this share of the page empty;
# otherwise it starts here and its notes continue on the next page.
_MAX_LEFT_EMPTY = 0.5
_BISECT_STEP = 2.0  # points: how closely a table split approaches the most that fits


class NoteParagraph(Paragraph):
    """A paragraph that knows which footnotes it cites, and on which lines.

    ``cites``: the note numbers whose markers the text prints, in reading
    order (a split part cites those on its own lines). ``keep_next``: the
    flowable it must share a page with (a heading's first paragraph, a short
    introduction's table), or None.
    """

    keep_next: Flowable | None = None
    _shares_lines = False  # its lines are also in _LINES: copied before a split

    def __init__(self, text, style=None, bulletText=None, frags=None, cites=(), **kw):
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kw)
        self.cites: tuple[int, ...] = tuple(cites)
        # Made from text, not from a split part's pieces: its lines may be shared.
        self._source = None if frags is not None or not isinstance(text, str) else (
            type(self), text, rl.style_fingerprint(self.style), bulletText)

    def wrap(self, availWidth, availHeight):
        # The engine asks a paragraph its size several times at one width (to
        # place it, to weigh its notes, to split it): break its lines once.
        if rl.still_wrapped(self, availWidth):
            return self.width, self.height
        key = None if self._source is None else (self._source, availWidth)
        known = _LINES.get(key) if key is not None else None
        if known is not None:  # the same paragraph, in an earlier layout of the fit
            rl.adopt_wrap(self, known, availWidth)
            self._shares_lines = True
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        rl.remember_wrap(self, availWidth)
        if key is not None:
            _remember_lines(key, rl.wrap_state(self))
            self._shares_lines = True
        return size

    def split(self, availWidth, availHeight):
        if self._shares_lines and "blPara" in vars(self):
            rl.own_lines(self)  # a split may change the lines it cuts, in place
            self._shares_lines = False
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            # ReportLab splits the lines it wrapped: the first part has the first k.
            k = len(rl.paragraph_lines(parts[0]))
            first = {n for line in self.notes_by_line()[:k] for n in line}
            parts[0].cites = tuple(n for n in self.cites if n in first)  # type: ignore[attr-defined]
            parts[1].cites = tuple(n for n in self.cites if n not in first)  # type: ignore[attr-defined]
        return parts

    def notes_by_line(self) -> list[list[int]]:
        """The cited notes whose markers each wrapped line prints."""
        return _notes_by_line(rl.paragraph_lines(self), self.cites)

    def split_with_notes(self, aW: float, aH: float, cost, at_top: bool):
        """Largest k such that k lines and the notes they reference fit."""
        self.wrap(aW, aH)
        by_line = self.notes_by_line()
        leading = self.style.leading
        seen: list[int] = []
        k = 0
        for i, line in enumerate(by_line):
            seen.extend(line)
            if (i + 1) * leading + cost(seen) > aH + _FUZZ:
                break
            k = i + 1
        k = _keep_lines_company(k, len(by_line), at_top)
        if k == 0:
            return []
        if k >= len(by_line):
            return [self]
        return self.split(aW, (k + 0.5) * leading)

    def first_line_need(self, aW: float, cost) -> float:
        """Height of the first line plus the notes it references."""
        self.wrap(aW, 1e7)
        by_line = self.notes_by_line()
        return self.style.leading + cost(by_line[0]) if by_line else 0.0

    def split_forced(self, aW: float) -> list:
        """One line, whatever its notes weigh: progress on an empty page."""
        return self.split(aW, 1.5 * self.style.leading) or [self]


# Lines broken per paragraph (text, style) and width, across the layouts of
# one brief: the layouts of a page-budget fit (and a warm process's rebuilds)
# hold mostly the same paragraphs, and breaking lines is the larger part of a
# layout. Bounded: the oldest go first.
_LINES: dict[tuple, dict] = {}
_LINES_KEPT = 1024
_lines_brief: object = None  # whose layouts _LINES holds


def share_lines_within(brief: object) -> None:
    """Layouts from now on are of ``brief``: another brief's lines are
    forgotten, so memory stays one brief's and no brief is laid out with
    lines another one broke."""
    global _lines_brief
    if _lines_brief != brief:
        _LINES.clear()
        _lines_brief = brief


def _remember_lines(key: tuple, state: dict) -> None:
    if len(_LINES) >= _LINES_KEPT:
        del _LINES[next(iter(_LINES))]
    _LINES[key] = state


def _keep_lines_company(k: int, n: int, at_top: bool) -> int:
    """No lone first line at a page foot, no lone last line at a page head."""
    if 0 < k < n:
        if k == 1 and n > 2 and not at_top:
            return 0
        if k == n - 1 and k >= 3:
            return k - 1
    return k


def _notes_by_line(lines, cites) -> list[list[int]]:
    """Each line's cited notes, found by the marker's link to its note.

    A cited note whose marker no line shows as a link (a paragraph of one
    style keeps no per-word links) counts on the first line, so it is never
    lost; it can only come early.
    """
    by_target = {note_target(n): n for n in cites}
    found = [[by_target[t] for t in rl.line_link_targets(line) if t in by_target] for line in lines]
    seen = {n for line in found for n in line}
    unseen = [n for n in dict.fromkeys(cites) if n not in seen]
    if unseen and found:
        found[0] = unseen + found[0]
    return found


def _split_showing_body(flowable, aW: float, h: float) -> list:
    """The flowable's split at height h, without parts that show nothing but
    a table's repeated header ([] when the first part is such a part)."""
    parts = flowable.split(aW, h)
    if not parts or not _shows_body(parts[0]):
        return []
    return [parts[0]] + [p for p in parts[1:] if _shows_body(p)]


def _shows_body(part) -> bool:
    """A split part shows more than a table's repeated header: ReportLab may
    put the header over an empty slice of a row split inside it (before the
    slice that holds its text, or after the row's last line), which reads
    as a blank table."""
    if not isinstance(part, Table):
        return True
    body = rl.table_cells(part)[rl.table_header_rows(part):]
    return any(cell for row in body for cell in row)


def notes_of(flowable) -> list[int]:
    """Note numbers cited by a flowable (or the split part of one)."""
    numbers = getattr(flowable, "cites", None)
    if numbers is not None:
        return list(numbers)
    if isinstance(flowable, Table):
        return [n for row in rl.table_cells(flowable) for cell in row
                for f in cell for n in notes_of(f)]
    return []


class NoteRegistry:
    """Each note's flowables and nested notes, and their heights."""

    def __init__(self, flowables: dict[int, list], nested: dict[int, list[int]]):
        self._flowables = flowables
        self._nested = nested
        self._heights: dict[tuple[int, float], float] = {}
        self.canv = None

    def closure(self, numbers) -> list[int]:
        """The numbers plus notes referenced from inside those notes."""
        out: list[int] = []
        stack = list(reversed(list(numbers)))
        while stack:
            n = stack.pop()
            if n in self._flowables and n not in out:
                out.append(n)
                stack.extend(reversed(self._nested.get(n, [])))
        return out

    def flowables(self, number: int) -> list:
        return list(self._flowables.get(number, []))

    def height(self, number: int, width: float) -> float:
        key = (number, width)
        if key not in self._heights:
            self._heights[key] = sum(_height(f, width, self.canv) for f in self._flowables[number])
        return self._heights[key] + NOTE_GAP


def _height(flowable, width: float, canv) -> float:
    _, h = flowable.wrapOn(canv, width, 1e7)
    return h + flowable.getSpaceAfter()


class NotesFlush(rl.FrameCallback):
    """Last flowable: adds pages until notes continued from a long note end."""

    def on_frame(self, frame):
        if getattr(frame, "_carry", None):
            self.queue_after(frame, PageBreak(), NotesFlush())


class FootnoteFrame(rl.AdaptedFrame):
    """A frame that keeps room at its bottom for the page's footnotes."""

    _registry: NoteRegistry
    _printed: set[int]
    _carry: list

    def __init__(self, *args, registry: NoteRegistry, **kw):
        self.__dict__["_registry"] = registry
        self.__dict__["_printed"] = set()
        self.__dict__["_carry"] = []
        super().__init__(*args, **kw)

    # --- page state ---------------------------------------------------------

    def page_started(self):
        self._page_notes: list = []  # flowables for the notes area
        self._page_numbers: set[int] = set()
        self._notes_h = 0.0
        carry, self._carry = self._carry, []
        if carry:
            self._fill_notes(carry, _CARRY_SHARE * self.inner_height(), at_least_one=True)
        self._apply_notes_height()

    def _apply_notes_height(self):
        self.set_bottom_limit(self.floor() + self._notes_h)

    def _new(self, numbers) -> list[int]:
        done = self._printed | self._page_numbers
        return [n for n in self._registry.closure(numbers) if n not in done]

    def cost(self, numbers) -> float:
        """Extra height the notes area needs for these references."""
        new = self._new(numbers)
        if not new:
            return 0.0
        if self._carry:
            # An earlier note still continues on the next page: a new note
            # here would start after it, away from its marker.  Refuse.
            return float("inf")
        width = self.inner_width()
        h = sum(self._registry.height(n, width) for n in new)
        return h + (0.0 if self._page_notes else RULE_SPACE)

    def _commit(self, new: list[int]):
        for n in new:
            self._page_numbers.add(n)
            self._printed.add(n)
            self._page_notes.extend(self._registry.flowables(n))
            self._page_notes.append(_NoteGap())
        self._notes_h = self._measure(self._page_notes)
        self._apply_notes_height()

    def _measure(self, flowables) -> float:
        if not flowables:
            return 0.0
        width, canvas = self.inner_width(), self._registry.canv
        return RULE_SPACE + sum(_height(f, width, canvas) for f in flowables)

    # --- placing ------------------------------------------------------------

    def place(self, flowable, canv, try_split=0):
        self._registry.canv = canv
        if not self._keeps_company(flowable):
            return 0
        new = self._new(notes_of(flowable))
        if getattr(flowable, "_bg_force", False):
            return self._add_forced(flowable, canv, new)
        if not new:
            return self.place_plain(flowable, canv, try_split)
        saved = self.bottom_limit()
        self.set_bottom_limit(saved + self.cost(new))
        if self.place_plain(flowable, canv, try_split):
            self._commit(new)
            return 1
        self.set_bottom_limit(saved)
        return 0

    def _add_forced(self, flowable, canv, new):
        """Place a part that cannot fit with its notes; the notes that do not
        fit continue on the next page (a note taller than a page)."""
        del flowable._bg_force
        if not self.place_plain(flowable, canv, 0):
            return 0
        notes = []
        for n in new:
            self._page_numbers.add(n)
            self._printed.add(n)
            notes.extend(self._registry.flowables(n))
            notes.append(_NoteGap())
        self._fill_notes(notes, self.free_height() + self._notes_h, at_least_one=False)
        self._apply_notes_height()
        return 1

    def _fill_notes(self, notes: list, room: float, at_least_one: bool):
        """Grow the notes area up to `room` with `notes`; carry the rest."""
        placed = list(self._page_notes)
        if self._carry:  # a note still continues: later notes follow it, whole
            self._carry = self._carry + notes
            return
        for i, f in enumerate(notes):
            left = room - self._measure(placed)
            h = _height(f, self.inner_width(), self._registry.canv)
            if h <= left + _FUZZ:
                placed.append(f)
                continue
            parts = f.split(self.inner_width(), left) if left > 0 else []
            if len(parts) > 1:
                placed.append(parts[0])
                self._carry = parts[1:] + notes[i + 1 :]
            elif at_least_one and len(placed) == len(self._page_notes):
                placed.append(f)  # unsplittable: show it rather than loop
                self._carry = notes[i + 1 :]
            else:
                self._carry = notes[i:]
            break
        self._page_notes = placed
        self._notes_h = self._measure(placed)

    def _keeps_company(self, flowable) -> bool:
        """A heading goes in only if what follows can start below it."""
        nxt = getattr(flowable, "keep_next", None)
        if nxt is None or self.at_top():
            return True
        aW = self.available_width()
        _, h = flowable.wrap(aW, self.inner_height())
        room = (self.free_height() - self.space_before(flowable) - h
                - self.cost(notes_of(flowable))
                - max(flowable.getSpaceAfter(), nxt.getSpaceBefore()))
        return room > 0 and self._can_start(nxt, aW, room)

    def _can_start(self, nxt, aW: float, room: float) -> bool:
        if getattr(nxt, "keep_next", None) is not None:  # heading after heading
            _, h = nxt.wrap(aW, room)
            return h + 3 * nxt.style.leading <= room
        if isinstance(nxt, NoteParagraph):
            return (bool(nxt.split_with_notes(aW, room, self.cost, at_top=False))
                    or self._starts_here_anyway(nxt, room))
        _, h = nxt.wrap(aW, room)
        if h + self.cost(notes_of(nxt)) <= room:
            return True
        parts = self._split_fitting(nxt, room)
        if parts:
            return not isinstance(parts[0], ActionFlowable)
        return self._hopeless(nxt)

    # --- splitting ----------------------------------------------------------

    def split_here(self, flowable, canv):
        self._registry.canv = canv
        aH = self.free_height() - self.space_before(flowable)
        if aH <= 0:
            return []
        if not self.at_top() and (
            getattr(flowable, "keep_next", None) is not None  # heading: moves on whole
            or getattr(flowable, "_bg_rest", False)  # remainder: never re-split here
        ):
            return []
        with rl.attached(flowable, self, canv):
            parts = self._split_fitting(flowable, aH)
            if not parts and (self.at_top() or self._starts_here_anyway(flowable, aH)):
                parts = self._split_forced(flowable, aH)
            for rest in parts[1:]:
                rest._bg_rest = True
        return parts

    def _split_fitting(self, flowable, aH: float) -> list:
        aW = self.available_width()
        if isinstance(flowable, NoteParagraph):
            return flowable.split_with_notes(aW, aH, self.cost, self.at_top())
        return self._tallest_fitting_split(flowable, aW, aH)

    def _tallest_fitting_split(self, flowable, aW: float, aH: float) -> list:
        """Other flowables (tables) know nothing of notes: bisect on the
        height offered for the fullest first part that fits with its notes.

        A taller offer never gives a smaller first part, so 'fits' holds up
        to some height and fails above it; below the smallest part on offer
        (one row) the split gives nothing, which counts as fitting.
        """
        parts, need = self._try_split(flowable, aW, aH, aH)
        if parts is None or need <= aH + _FUZZ:
            return parts or []
        best: list = []
        ok, fail = 0.0, aH
        while fail - ok >= _BISECT_STEP:
            mid = (ok + fail) / 2
            trial, need = self._try_split(flowable, aW, mid, aH)
            if trial is None or need <= aH + _FUZZ:
                ok, best = mid, trial or best
            else:
                fail = mid
        return best

    def _try_split(self, flowable, aW, h, aH):
        """(parts, height the first part needs with its notes) or (None, 0)."""
        parts = _split_showing_body(flowable, aW, h)
        if not parts:
            return None, 0.0
        if isinstance(parts[0], ActionFlowable):
            return parts, 0.0
        return parts, self._wrap_h(parts[0], aW, h) + self.cost(notes_of(parts[0]))

    @staticmethod
    def _wrap_h(flowable, aW, h) -> float:
        return flowable.wrap(aW, h)[1]

    def _starts_here_anyway(self, flowable, aH: float) -> bool:
        """Split here though the first line's notes do not fit: moving on
        would not help (hopeless) or would leave most of this page empty
        (not while an earlier note continues: the new ones must follow it)."""
        if self._hopeless(flowable):
            return True
        return (isinstance(flowable, NoteParagraph) and not self._carry
                and aH >= flowable.style.leading and aH > _MAX_LEFT_EMPTY * self.inner_height())

    def _hopeless(self, flowable) -> bool:
        """Would not fit on an empty page either: a next page cannot help."""
        aW, page = self.available_width(), self.inner_height()
        if isinstance(flowable, NoteParagraph):
            return flowable.first_line_need(aW, self._empty_page_cost) > page
        if not isinstance(flowable, Table):
            return False
        first = self._smallest_split(flowable, aW, page)[0]
        return self._wrap_h(first, aW, page) + self._empty_page_cost(notes_of(first)) > page

    def _empty_page_cost(self, numbers) -> float:
        """Height these notes need on a page that has no notes yet."""
        width = self.inner_width()
        new = [n for n in self._registry.closure(numbers) if n not in self._printed]
        return RULE_SPACE + sum(self._registry.height(n, width) for n in new) if new else 0.0

    @staticmethod
    def _smallest_split(flowable, aW: float, aH: float) -> list:
        """The smallest first part on offer that shows something (the fewest
        notes overflow), by bisection on the height offered."""
        best = _split_showing_body(flowable, aW, aH)
        if not best:
            return [flowable]
        lo, hi = 0.0, aH
        while hi - lo >= _BISECT_STEP:
            mid = (lo + hi) / 2
            parts = _split_showing_body(flowable, aW, mid)
            if parts:
                hi, best = mid, parts
            else:
                lo = mid
        return best

    def _split_forced(self, flowable, aH: float) -> list:
        aW = self.available_width()
        if isinstance(flowable, NoteParagraph):
            if aH < flowable.style.leading:
                return []  # not even one line here: the next page it is
            parts = flowable.split_forced(aW)
        else:
            parts = self._smallest_split(flowable, aW, aH)
        parts[0]._bg_force = True
        return parts

    def used_fraction(self) -> float:
        """How much of this page text and notes fill (0..1): the page budget
        reads it to judge how far over or under a layout is."""
        used = self.used_height() + self._notes_h
        return max(0.0, min(1.0, used / max(self.box_height(), 1.0)))

    # --- drawing ------------------------------------------------------------

    def notes_area(self) -> NotesArea | None:
        """What this page's notes area draws, fixed now: the frame moves on
        to the next page before a deferred canvas draws it."""
        if not self._page_notes:
            return None
        return NotesArea(self.left_edge(), self.floor() + self._notes_h, self.inner_width(),
                         tuple(self._page_notes))


@dataclass(frozen=True)
class NotesArea:
    """A page's notes area: a short rule, then the notes."""

    x: float
    top: float
    width: float
    notes: tuple[Flowable, ...]

    def draw(self, canv) -> None:
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(self.x, self.top - RULE_DROP, self.x + min(144.0, self.width / 3),
                  self.top - RULE_DROP)
        canv.restoreState()
        y = self.top - RULE_SPACE
        for f in self.notes:
            _, h = f.wrapOn(canv, self.width, 1e7)
            y -= h
            f.drawOn(canv, self.x, y)
            y -= f.getSpaceAfter()


class _NoteGap(Flowable):
    """Fixed space after each note in the notes area."""

    def wrap(self, aW, aH):
        return aW, NOTE_GAP

    def split(self, aW, aH):
        return []

    def draw(self):
        pass
