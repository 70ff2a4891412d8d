"""Figures: the timeline as a native table at text width, caption below."""

from __future__ import annotations

from dataclasses import replace

from ... import document as d
from ..timeline_layout import layout
from .blocks import append, paragraph
from .context import Context
from .timeline import render_timeline
from .xml import el


def render_figure(container, figure: d.Figure, ctx: Context) -> None:
    # In a footnote the figure is its caption alone: a note is a few lines
    # of small type, not the place for a table.
    laid_out = layout(figure.content) if not ctx.in_note else None
    if laid_out and laid_out.entries:
        render_timeline(container, laid_out, ctx)
        if not figure.caption:  # Word merges adjacent tables; a paragraph keeps them apart
            spacing = el("w:spacing", {"w:before": 0, "w:after": 0})
            append(container, el("w:p", None, el("w:pPr", None, spacing)))
    if figure.caption:
        caption_ctx = ctx if ctx.in_note else replace(ctx, para_style="Caption")
        paragraph(container, figure.caption, caption_ctx)
