"""The reader's script, applied once to the finished document.

For ``sr-Cyrl`` audiences every word of the template and the labels is
transliterated here, on the model, so template authors write Serbian Latin
once, and so are the notes' own words ("пар.", the dates). Left alone:
code, link targets, and spans marked as keeping their script (a source's
author, title and outlet as published, and source names an input gives),
which arrive between private-use markers. Those markers are removed for
every audience.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import partial

from .. import document as d
from ..locale import to_cyrillic

FOREIGN_OPEN, FOREIGN_CLOSE = "\ue001", "\ue002"
_FOREIGN = re.compile(f"{FOREIGN_OPEN}(.*?){FOREIGN_CLOSE}", re.DOTALL)


def finish_script(document: d.Document, cyrillic: bool,
                  latin_terms: tuple[str, ...] = ()) -> d.Document:
    convert = partial(to_cyrillic, latin_terms=latin_terms) if cyrillic else _same
    change = partial(_convert_node, convert=convert)
    blocks = d.transform_blocks(document.blocks, change)
    meta = document.meta
    if cyrillic:
        meta = dataclasses.replace(
            meta, title=convert(meta.title), audience=convert(meta.audience),
            author=convert(meta.author), subject=convert(meta.subject),
            edition_label=convert(meta.edition_label), page_label=convert(meta.page_label),
            of_label=convert(meta.of_label))
    return d.Document(meta, blocks)


def keep_script(text: str) -> str:
    """Mark `text` to keep its script in a Cyrillic brief (a title as published).

    The mark lives only in text on its way to the model (the template's
    Markdown, a note's parts); ``marked_spans`` turns it into
    ``Text.keep_script``. Inputs cannot forge it: escaping replaces it."""
    return f"{FOREIGN_OPEN}{_strip_markers(text)}{FOREIGN_CLOSE}"  # never nested or forged


def marked_spans(inlines: tuple[d.Inline, ...]) -> tuple[d.Inline, ...]:
    """Marked spans of each Text as Text nodes that keep their script."""
    out: list[d.Inline] = []
    for node in inlines:
        out.extend(_spans(node.text) if isinstance(node, d.Text) else (node,))
    return tuple(out)


def marked_blocks(blocks: tuple[d.Block, ...]) -> tuple[d.Block, ...]:
    """``marked_spans`` throughout blocks built outside the Markdown (a note)."""
    return d.transform_blocks(blocks, partial(d.map_runs, change=marked_spans))


def _spans(text: str) -> list[d.Text]:
    parts, last = [], 0
    for match in _FOREIGN.finditer(text):
        parts.append(d.Text(_strip_markers(text[last:match.start()])))
        parts.append(d.Text(_strip_markers(match.group(1)), keep_script=True))
        last = match.end()
    parts.append(d.Text(_strip_markers(text[last:])))
    return [part for part in parts if part.text]


def _same(text: str) -> str:
    return text


def _strip_markers(text: str) -> str:
    return text.replace(FOREIGN_OPEN, "").replace(FOREIGN_CLOSE, "")


def _convert_node(node: d.Node, convert: Callable[[str], str]) -> d.Node:
    """The reader's script for one node; what it holds is already converted.

    Only text the reader reads changes: code, link targets and text kept as
    published never do. Text is joined back once its script is settled."""
    if isinstance(node, d.Text):
        return d.Text(node.text if node.keep_script else convert(node.text))
    node = d.map_runs(node, d.merge_text)
    if isinstance(node, d.Figure):
        events = tuple(dataclasses.replace(e, label=convert(e.label), text=convert(e.text))
                       for e in node.content.events)
        return dataclasses.replace(node, content=d.Timeline(events))
    return node
