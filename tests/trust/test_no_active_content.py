"""Nothing executable is ever written, and every link is http(s).

DOCX: no macros (vbaProject), OLE objects, ActiveX controls, attached
templates, sub-documents, alt-chunks or DDE/INCLUDE fields; every external
relationship is a hyperlink to an http(s) address. PDF: no JavaScript,
launch, submit-form, import or embedded-file actions, no additional actions,
and every URI action is http(s).

Checked on the shipped case and on a hostile one: inputs and a template
that try to smuggle in javascript:, file: and data: links, and a house-style
reference.docx that carries a macro project, an OLE object, an attached
template and external links of its own.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pypdf
import pytest
from lxml import etree
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from tests.conftest import REPO
from tests.trust.hostile_project import Hostile, run_cli, write_project

SHIPPED = "china-serbia-exercise-2025"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_R = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HYPERLINK = R + "hyperlink"

# Parts and relationship types that carry code or foreign content.
ACTIVE_PART = re.compile(r"vbaProject|vbaData|activeX|oleObject|embeddings/|\.bin$|\.dotm$"
                         r"|\.docm$|afchunk|subdoc", re.IGNORECASE)
ACTIVE_REL = re.compile(r"vbaProject|oleObject|activeX|control|package|aFChunk|subDocument"
                        r"|attachedTemplate|frame|glossaryDocument|/slide|externalLink", re.I)
MACRO_CONTENT_TYPE = re.compile(r"macroEnabled|vbaProject|activeX|oleObject", re.IGNORECASE)
# Field codes that fetch or run something (INCLUDETEXT, DDE, LINK...).
ACTIVE_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|DDE|DDEAUTO|LINK|IMPORT"
                          r"|MACROBUTTON|AUTOTEXT|DATABASE|HYPERLINK)\b", re.IGNORECASE)
PDF_ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles",
                   "/SubmitForm", "/ImportData", "/RichMedia", "/AA", "/XFA", "/GoToE"}
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR",
                      "/GoToE", "/RichMediaExecute", "/Rendition", "/Movie", "/Sound"}

SMUGGLED_LINKS = (
    "[js](javascript:alert(1)) [file](file:///etc/passwd) [data](data:text/html,<b>x</b>) "
    "[vb](vbscript:msgbox) <javascript:alert(2)> <file:///etc/shadow> "
    '<a href="javascript:alert(3)">html</a> [rel](/relative/path) [ok](https://ok.example/)'
)


def is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# --- the builds under test --------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("shipped")
    for folder in ("inputs", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    code, _out, err = run_cli("build", "--project", root)
    assert code == 0, err
    return sorted((root / "out" / SHIPPED).iterdir())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("hostile") / "project"
    value = "Z javascript:alert(1) file:///etc/passwd <script>x</script> [x](javascript:y)"
    write_project(root, Hostile(*[value] * 9, "https://example.org/a?q=javascript:alert(1)"))
    brief = root / "templates" / "eu" / "brief.md.j2"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        "## Bottom line\n", f"## Bottom line\n\n{SMUGGLED_LINKS}\n", 1), encoding="utf-8")
    (root / "templates" / "reference.docx").write_bytes(armed_reference_docx())
    code, _out, err = run_cli("build", "--project", root, "--jobs", "1")
    assert code == 0, err
    return sorted((root / "out" / "mini").iterdir())


def armed_reference_docx() -> bytes:
    """A house style carrying a macro project, an OLE object, an ActiveX
    control, an attached template and non-web external links."""
    document = docx.Document()
    document.add_paragraph("house style body (dropped)")
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        entries = {i.filename: source.read(i) for i in source.infolist()}
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a macro"
    entries["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 not really OLE"
    entries["word/activeX/activeX1.bin"] = b"not really ActiveX"
    rels = entries["word/_rels/document.xml.rels"].decode()
    extra = "".join([
        _rel("rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
             "vbaProject.bin"),
        _rel("rIdOle", R + "oleObject", "embeddings/oleObject1.bin"),
        _rel("rIdAx", "http://schemas.microsoft.com/office/2006/relationships/"
             "activeXControlBinary", "activeX/activeX1.bin"),
        _rel("rIdJs", HYPERLINK, "javascript:alert(1)", external=True),
        _rel("rIdFile", HYPERLINK, "file:///etc/passwd", external=True),
        _rel("rIdImg", R + "image", "https://tracker.example/pixel.png", external=True),
    ])
    entries["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", extra + "</Relationships>").encode()
    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships">' + _rel("rIdTpl", R + "attachedTemplate",
                                              "file:///C:/evil/macros.dotm", external=True)
                     + "</Relationships>")
    entries["word/_rels/settings.xml.rels"] = settings_rels.encode()
    settings = entries["word/settings.xml"].decode()
    entries["word/settings.xml"] = re.sub(
        r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl"/>', settings, count=1
    ).encode()
    types = entries["[Content_Types].xml"].decode()
    entries["[Content_Types].xml"] = types.replace("</Types>", (
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        "</Types>")).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _rel(r_id: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{r_id}" Type="{kind}" Target="{target}"{mode}/>'


def test_the_armed_reference_docx_really_is_armed():
    # Not vacuous: python-docx opens it and sees the attached template.
    data = armed_reference_docx()
    document = docx.Document(io.BytesIO(data))
    assert document.settings.element.find(f"{W}attachedTemplate") is not None
    assert "word/vbaProject.bin" in zipfile.ZipFile(io.BytesIO(data)).namelist()


# --- DOCX ------------------------------------------------------------------------------------


def docx_problems(data: bytes) -> list[str]:
    """Everything active or non-web in a DOCX package (empty when clean)."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        problems += [f"part {n}" for n in names if ACTIVE_PART.search(n)]
        types = package.read("[Content_Types].xml").decode()
        problems += [f"content type {m}" for m in MACRO_CONTENT_TYPE.findall(types)]
        for name in names:
            if name.endswith(".rels"):
                problems += _rels_problems(name, package.read(name))
            elif name.endswith(".xml"):
                problems += _xml_problems(name, package.read(name))
    return problems


def _rels_problems(name: str, data: bytes) -> list[str]:
    problems = []
    for rel in etree.fromstring(data).iter(PKG_R):
        kind, target = rel.get("Type"), rel.get("Target")
        if ACTIVE_REL.search(kind.rsplit("/", 1)[-1]):
            problems.append(f"{name}: relationship {kind}")
        if rel.get("TargetMode") == "External" and not (kind == HYPERLINK and is_web(target)):
            problems.append(f"{name}: external {kind} -> {target}")
    return problems


def _xml_problems(name: str, data: bytes) -> list[str]:
    root = etree.fromstring(data)
    problems = [f"{name}: <{etree.QName(el).localname}>" for el in root.iter(
        f"{W}attachedTemplate", f"{W}object", f"{W}control", f"{W}altChunk", f"{W}subDoc")]
    instructions = [t.text or "" for t in root.iter(f"{W}instrText")]
    instructions += [el.get(f"{W}instr") or "" for el in root.iter(f"{W}fldSimple")]
    problems += [f"{name}: field {i.strip()}" for i in instructions if ACTIVE_FIELD.match(i)]
    return problems


def docx_links(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [rel.get("Target") for n in package.namelist() if n.endswith(".rels")
                for rel in etree.fromstring(package.read(n)).iter(PKG_R)
                if rel.get("TargetMode") == "External"]


def test_the_docx_check_sees_an_armed_package():
    assert len(docx_problems(armed_reference_docx())) >= 6


@pytest.mark.parametrize("build", ["shipped", "hostile"])
def test_docx_has_no_active_content_and_only_web_links(build, request):
    files = [p for p in request.getfixturevalue(build) if p.suffix == ".docx"]
    assert files
    for path in files:
        data = path.read_bytes()
        assert docx_problems(data) == [], path.name
        assert all(is_web(url) for url in docx_links(data)), path.name


def test_hostile_docx_keeps_the_web_link_and_drops_the_others(hostile):
    links = docx_links(next(p for p in hostile if p.name == "eu.docx").read_bytes())
    assert "https://ok.example/" in links
    assert not any(re.match(r"(?i)javascript|file|data|vbscript", url) for url in links)


# --- PDF ---------------------------------------------------------------------------------------


def pdf_objects(reader: pypdf.PdfReader):
    """Every dictionary reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def pdf_problems(data: bytes) -> tuple[list[str], list[str]]:
    """(active content found, every URI) in a PDF."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    problems, uris = [], []
    for obj in pdf_objects(reader):
        problems += [f"key {k}" for k in obj.keys() if k in PDF_ACTIVE_KEYS]
        action = obj.get("/S")
        if action in PDF_ACTIVE_ACTIONS:
            problems.append(f"action {action}")
        if "/URI" in obj:
            uris.append(str(obj["/URI"]))
    open_action = reader.trailer["/Root"].get("/OpenAction")
    if isinstance(open_action, (DictionaryObject, IndirectObject)):
        problems.append(f"open action {open_action.get_object().get('/S')}")
    raw = data.decode("latin-1")
    problems += [f"raw {k}" for k in ("/JavaScript", "/Launch", "/EmbeddedFile") if k in raw]
    return problems, uris


def test_the_pdf_check_sees_javascript():
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    writer.add_annotation(0, Link(rect=(0, 0, 10, 10), url="javascript:alert(1)"))
    data = io.BytesIO()
    writer.write(data)
    problems, uris = pdf_problems(data.getvalue())
    assert "action /JavaScript" in problems and "key /JS" in problems
    assert uris == ["javascript:alert(1)"]


@pytest.mark.parametrize("build", ["shipped", "hostile"])
def test_pdf_has_no_active_content_and_only_web_links(build, request):
    files = [p for p in request.getfixturevalue(build) if p.suffix == ".pdf"]
    assert files
    for path in files:
        problems, uris = pdf_problems(path.read_bytes())
        assert problems == [], path.name
        assert all(is_web(u) for u in uris), (path.name, [u for u in uris if not is_web(u)])


def test_hostile_pdf_keeps_the_web_link_and_drops_the_others(hostile):
    _problems, uris = pdf_problems(next(p for p in hostile if p.name == "eu.pdf").read_bytes())
    assert "https://ok.example/" in uris
    assert not any(re.match(r"(?i)javascript|file|data|vbscript", u) for u in uris)
