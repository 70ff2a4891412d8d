"""Figures: the timeline picture inline at text width, caption below."""

from __future__ import annotations

import io
from dataclasses import replace

from docx.shared import Twips
from PIL import Image

from ... import document as d
from .blocks import new_paragraph, paragraph
from .context import Context
from .text import clipped, one_line
from .timeline import render_png
from .xml import el, val


def render_figure(container, figure: d.Figure, ctx: Context) -> None:
    timeline = figure.content
    # Pictures need an image-capable story part; footnotes get the caption only.
    if getattr(timeline, "events", None) and not ctx.in_note:
        _picture(container, render_png(timeline), figure, ctx)
    if figure.caption:
        caption_ctx = ctx if ctx.in_note else replace(ctx, para_style="Caption")
        paragraph(container, figure.caption, caption_ctx)


def _picture(container, png: bytes, figure: d.Figure, ctx: Context) -> None:
    width, height = _fit(png, ctx)
    inline = ctx.part.new_pic_inline(io.BytesIO(png), Twips(width), Twips(height))
    # Alt text for screen readers: the caption the sighted reader gets.
    alt = clipped(one_line(d.plain_text(figure.caption)), 1000) or "Timeline"
    inline.docPr.set("descr", alt)
    inline.docPr.set("name", "Timeline")
    p = new_paragraph(container, None, el("w:keepNext"), val("w:jc", "center"))
    p.append(el("w:r", None, el("w:drawing", None, inline)))


def _fit(png: bytes, ctx: Context) -> tuple[int, int]:
    """Text width, unless that makes the picture taller than 85% of the page."""
    w, h = Image.open(io.BytesIO(png)).size
    width = ctx.text_width
    max_height = int(ctx.text_height * 0.85)
    if width * h / w > max_height:
        width = int(max_height * w / h)
    return width, int(width * h / w)

