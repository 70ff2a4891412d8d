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
    convert = partial(_cyrillic_text, latin_terms=latin_terms) if cyrillic else _strip_markers
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
    """Mark `text` to keep its script in a Cyrillic brief (a title as published)."""
    return f"{FOREIGN_OPEN}{text}{FOREIGN_CLOSE}"


def _strip_markers(text: str) -> str:
    return text.replace(FOREIGN_OPEN, "").replace(FOREIGN_CLOSE, "")


def _cyrillic_text(text: str, latin_terms: tuple[str, ...] = ()) -> str:
    out, last = [], 0
    for match in _FOREIGN.finditer(text):
        out.append(to_cyrillic(_strip_markers(text[last:match.start()]), latin_terms))
        out.append(match.group(1))
        last = match.end()
    out.append(to_cyrillic(_strip_markers(text[last:]), latin_terms))
    return "".join(out)


def _convert_node(node: d.Node, convert: Callable[[str], str]) -> d.Node:
    """The reader's script for one node; what it holds is already converted.

    Only text the reader reads changes: code and link targets never do."""
    if isinstance(node, d.Text):
        return d.Text(convert(node.text))
    if isinstance(node, d.Figure):
        events = tuple(dataclasses.replace(e, label=convert(e.label), text=convert(e.text))
                       for e in node.content.events)
        return dataclasses.replace(node, content=d.Timeline(events))
    return node
