"""The styles the writer relies on, and the house typography.

Built-in Word styles are used wherever one exists (Heading N, Title,
Quote, caption, footnote text, Hyperlink...) so navigation panes, pandoc
and screen readers recognise the structure. With a reference document the
house style wins: its styles are kept and only the missing ones are added.
Without one, these definitions replace python-docx's template styles so the
body is Noto Serif and the headings Noto Sans. The language in the styles
is always the brief's, never the house style's (language.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .xml import el, set_fonts, val

SERIF = "Noto Serif"
SANS = "Noto Sans"
MONO = "Courier New"  # Word everywhere; LibreOffice maps it to Liberation Mono

_SANS_RPR = f'<w:rFonts w:ascii="{SANS}" w:hAnsi="{SANS}" w:eastAsia="{SANS}" w:cs="{SANS}"/>'
_MONO_RPR = f'<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:eastAsia="{MONO}" w:cs="{MONO}"/>'


def _heading(level: int, size: int, before: int, italic: bool = False) -> str:
    return (
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{_SANS_RPR}<w:b/><w:bCs/>{"<w:i/>" if italic else ""}'
        f'<w:color w:val="1F3864"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


@dataclass(frozen=True)
class StyleSpec:
    kind: str  # paragraph | character | table
    style_id: str
    name: str  # Word's built-in name where there is one (matched case-insensitively)
    body: str  # the children of w:style, in schema order


SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("paragraph", "Normal", "Normal", "<w:qFormat/>"),
    *(
        StyleSpec("paragraph", f"Heading{n}", f"heading {n}", _heading(n, size, before, n >= 5))
        for n, size, before in ((1, 32, 320), (2, 26, 220), (3, 22, 180), (4, 21, 160),
                                (5, 21, 140), (6, 21, 140))
    ),
    StyleSpec(
        "paragraph", "Title", "Title",
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>'
        '<w:pPr><w:keepNext/>'
        '<w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr>{_SANS_RPR}<w:b/><w:bCs/><w:color w:val="1F3864"/><w:kern w:val="28"/>'
        '<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>',
    ),
    StyleSpec(
        "paragraph", "Subtitle", "Subtitle",
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="80"/></w:pPr>'
        f'<w:rPr>{_SANS_RPR}<w:color w:val="404040"/>'
        '<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>',
    ),
    StyleSpec(
        "paragraph", "BriefingMeta", "Briefing Meta",
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="6" w:color="1F3864"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="360"/></w:pPr>'
        f'<w:rPr>{_SANS_RPR}<w:color w:val="404040"/>'
        '<w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
    ),
    StyleSpec(
        "paragraph", "Quote", "Quote",
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>'
        '<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="A6A6A6"/></w:pBdr>'
        '<w:ind w:left="567" w:right="567"/></w:pPr>'
        '<w:rPr><w:i/><w:iCs/><w:color w:val="404040"/></w:rPr>',
    ),
    StyleSpec(
        "paragraph", "Caption", "caption",
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="60" w:after="240"/></w:pPr>'
        f'<w:rPr>{_SANS_RPR}<w:i/><w:iCs/><w:color w:val="404040"/>'
        '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    StyleSpec(
        "paragraph", "ListParagraph", "List Paragraph",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>'
        '<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr>',
    ),
    StyleSpec(
        "paragraph", "FootnoteText", "footnote text",
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="284" w:hanging="284"/></w:pPr>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
    ),
    StyleSpec(
        "character", "FootnoteReference", "footnote reference",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
    ),
    StyleSpec(
        "character", "Hyperlink", "Hyperlink",
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>',
    ),
    StyleSpec(
        "character", "VerbatimChar", "Verbatim Char",
        f'<w:rPr>{_MONO_RPR}<w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
    ),
    *(
        StyleSpec(
            "paragraph", sid, sid.lower(),
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            f'<w:rPr>{_SANS_RPR}<w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
        )
        for sid in ("Header", "Footer")
    ),
    StyleSpec(
        "table", "TableGrid", "Table Grid",
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
        '<w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    ),
)


class StyleIds:
    """Maps the writer's logical style names to the styleIds in this file.

    A localised reference document may call Heading 1 "Überschrift1", so
    the writer never hard-codes ids; it asks here.
    """

    def __init__(self, ids: dict[str, str]):
        self._ids = ids

    def __getitem__(self, logical: str) -> str:
        return self._ids[logical]


def ensure_styles(styles_root, own_style: bool) -> StyleIds:
    """Make every style in SPECS available; return their ids.

    `own_style`: there is no reference document, so SPECS replace the
    template's styles instead of filling gaps in the house style.
    """
    if own_style:
        _own_defaults(styles_root)
    ids = {}
    for spec in SPECS:
        existing = _find(styles_root, spec)
        if existing is not None and not own_style:
            ids[spec.style_id] = existing.get(qn("w:styleId"))
            continue
        if existing is not None:
            styles_root.remove(existing)
        styles_root.append(_build(spec))
        ids[spec.style_id] = spec.style_id
    return StyleIds(ids)


def _find(styles_root, spec: StyleSpec):
    """The existing style matching `spec` by id or (case-blind) name."""
    wanted = spec.name.lower()
    for style in styles_root.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != spec.kind:
            continue
        name = style.find(qn("w:name"))
        named = name is not None and (name.get(qn("w:val")) or "").lower() == wanted
        if named or style.get(qn("w:styleId")) == spec.style_id:
            return style
    return None


def _build(spec: StyleSpec):
    default = ' w:default="1"' if spec.style_id == "Normal" else ""
    xml = (
        f'<w:style {nsdecls("w")} w:type="{spec.kind}"{default} w:styleId="{spec.style_id}">'
        f'<w:name w:val="{spec.name}"/>{spec.body}</w:style>'
    )
    return parse_xml(xml)


def _own_defaults(styles_root) -> None:
    """Document-wide defaults: Noto Serif 10 pt (the language: language.py)."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        styles_root.insert(0, defaults)
    for old in list(defaults):
        defaults.remove(old)
    rpr = el("w:rPr", None, val("w:sz", 20), val("w:szCs", 20))
    set_fonts(rpr, SERIF)
    spacing = el("w:spacing", {"w:after": "120", "w:line": "264", "w:lineRule": "auto"})
    defaults.append(el("w:rPrDefault", None, rpr))
    defaults.append(el("w:pPrDefault", None, el("w:pPr", None, spacing)))
