"""What a stage could not render: reported to the user, never dropped silently.

As Pandoc's writers report a ``BlockNotRendered``, ours report a
``NotRendered``. The Markdown reader (``render/markdown.py``) reports a
Markdown construct it has no node for and keeps its text. Each writer
declares the node types it renders (its ``SUPPORTED``); ``unrendered`` finds
the nodes of a document outside them, and the writer renders the document
without them (``renderable``), so its own dispatch never meets a type it
does not know (if it does, that is a bug: it raises, it does not skip).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Set
from dataclasses import dataclass

from . import document as d


@dataclass(frozen=True)
class NotRendered:
    """One node a stage could not render, in the words a user reads."""

    writer: str  # who could not: "DOCX writer", "PDF writer", "Markdown reader"
    node_kind: str  # the model's node type ("Figure") or the Markdown token ("dl")
    where: str  # where the reader would have met it: 'under the heading "Timeline"'
    outcome: str = "it is left out"  # what the reader gets instead

    def message(self) -> str:
        return f"the {self.writer} cannot render `{self.node_kind}` {self.where}: {self.outcome}"


def under_heading(heading: str) -> str:
    """`where` for a node met after the heading with this text ("" for none)."""
    return f'under the heading "{heading}"' if heading else "before the first heading"


def unrendered(document: d.Document, supported: Set[type],
               writer: str) -> tuple[NotRendered, ...]:
    """Every node of `document` whose type is not in `supported`, in reading
    order, each placed under the heading above it."""
    found: list[NotRendered] = []
    heading = ""
    for node in d.walk(document):
        if type(node) not in supported:
            found.append(NotRendered(writer, type(node).__name__, under_heading(heading)))
        elif isinstance(node, d.Heading):
            heading = d.plain_text(node.children)
    return tuple(found)


def renderable(document: d.Document, supported: Set[type]) -> d.Document:
    """`document` without the nodes `unrendered` reports (itself when none)."""
    if all(type(node) in supported for node in d.walk(document)):
        return document
    return d.Document(document.meta, d.prune(document.blocks, lambda n: type(n) in supported))


def not_handled(writer: str, node: object) -> TypeError:
    """The error a writer's dispatch raises for a type it does not handle:
    unreachable while its SUPPORTED is true, since `renderable` ran first."""
    return TypeError(f"internal error: the {writer} has no renderer for "
                     f"{type(node).__name__}, which it declares SUPPORTED or was not "
                     "given through renderable()")


def writer_warnings(document: d.Document,
                    formats: Iterable[str] = ("docx", "pdf")) -> tuple[NotRendered, ...]:
    """What the writer of each format ("docx", "pdf", "markdown") would leave
    out of `document`. It imports those writers: call it where they run (a
    build), not in `check`, which loads no writer."""
    return tuple(warning for fmt in formats for warning in
                 unrendered(document, _supported(fmt), f"{_NAMES.get(fmt, fmt)} writer"))


_NAMES = {"docx": "DOCX", "pdf": "PDF", "markdown": "Markdown"}


def _supported(fmt: str) -> Set[type]:
    # The format is the writer's module name (briefgen/writers/<format>).
    return importlib.import_module(f"briefgen.writers.{fmt}").SUPPORTED
