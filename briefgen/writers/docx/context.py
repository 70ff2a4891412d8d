"""What block and inline rendering need to know about where they write."""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.part import Part

from .notes import Footnotes
from .numbering import Numbering
from .styles import StyleIds


@dataclass(frozen=True)
class Context:
    part: Part  # the part owning relationships (document or footnotes)
    styles: StyleIds
    numbering: Numbering
    footnotes: Footnotes
    text_width: int  # twips available between the margins
    text_height: int  # twips between top and bottom margins
    para_style: str = "Normal"  # logical style for plain paragraphs here
    in_note: bool = False  # Word cannot nest a footnote inside a footnote
    list_depth: int = 0  # w:ilvl for a list started here

    @property
    def paragraph_style_id(self) -> str | None:
        """The styleId for plain paragraphs, None for Normal (left implicit)."""
        return None if self.para_style == "Normal" else self.styles[self.para_style]
