"""Where a template's Markdown asks for something only render can make.

``cite()`` prints ``{cite:3}`` (the brief's fourth citation) and
``timeline()`` prints ``{figure:timeline-0}`` on a line of its own. These
markdown-it rules read them as tokens of their own kind, ``briefgen_cite``
and ``briefgen_figure``, which the Markdown reader turns into a ``Note`` and
a ``Figure``: a reader of the template output sees what is meant, and no
footnote syntax or code fence is borrowed for it. Inputs cannot write them:
every value a template prints has its braces escaped.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

CITE = re.compile(r"\{cite:(\d+)\}")
FIGURE = re.compile(r"\{figure:([A-Za-z0-9_-]+)\}[ \t]*$")


def cite_directive(index: int) -> str:
    return f"{{cite:{index}}}"


def figure_directive(name: str) -> str:
    """On a line of its own, between blank lines: a block."""
    return f"\n\n{{figure:{name}}}\n\n"


def directives_plugin(md: MarkdownIt) -> None:
    # Before "text": "{" ends a text run, so the rule is tried where one starts.
    md.inline.ruler.before("text", "briefgen_cite", _cite)
    md.block.ruler.before("paragraph", "briefgen_figure", _figure)


def _cite(state: StateInline, silent: bool) -> bool:
    match = CITE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("briefgen_cite", "", 0)
        token.meta = {"index": int(match.group(1))}
    state.pos = match.end()
    return True


def _figure(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:  # an indented code block
        return False
    begin = state.bMarks[start] + state.tShift[start]
    match = FIGURE.match(state.src[begin:state.eMarks[start]])
    if not match:
        return False
    if not silent:
        token = state.push("briefgen_figure", "", 0)
        token.meta = {"name": match.group(1)}
        token.map = [start, start + 1]
    state.line = start + 1
    return True
