"""Reading back what briefgen made, as a reader or a client would: shared by
the tests of several stages (the model's text, the PDF's note links)."""

from __future__ import annotations

import io

import pdfplumber
import pypdf

from briefgen import document as d


def all_text(blocks) -> str:
    out = []
    for block in blocks:
        if isinstance(block, (d.Heading, d.Paragraph)):
            out.append(d.plain_text(block.children))
        elif isinstance(block, (d.BulletList, d.OrderedList)):
            out += [all_text(item) for item in block.items]
        elif isinstance(block, d.Table):
            out += [d.plain_text(c) for row in (block.header, *block.rows) for c in row]
        elif isinstance(block, d.Quote):
            out.append(all_text(block.blocks))
    return "\n".join(out)


def note_links(data: bytes) -> dict[int, list[tuple[int, float, int, float]]]:
    """note number -> [(marker page, marker top, target page, target y)].

    Markers are internal links; the number is read from the characters
    inside each link's rectangle (PDF coordinates, y upward).
    """
    reader = pypdf.PdfReader(io.BytesIO(data))
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found: dict[int, list[tuple[int, float, int, float]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i, page in enumerate(reader.pages):
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                dest = annot.get("/Dest")
                if dest is None:
                    continue
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                height = pdf.pages[i].height
                digits = "".join(
                    c["text"]
                    for c in pdf.pages[i].chars
                    if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
                    and y0 - 0.5 <= height - (c["top"] + c["bottom"]) / 2 <= y1 + 0.5
                )
                assert digits.isdigit(), digits
                target = page_index[dest[0].idnum]
                found.setdefault(int(digits), []).append((i, y1, target, float(dest[3])))
    return found
