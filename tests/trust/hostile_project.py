"""A copy of the fixture project ``basic`` carrying hostile values in every
field a reader sees, and running the CLI in-process: shared by the trust
tests (hostile inputs, active content, the sandbox)."""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.cli import main
from tests.conftest import copy_project

CASE = "mini"

_PRIVATE_MARK = re.compile("[\ue000-\ue0ff]")
_MD_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def via_markdown(text: str) -> str:
    """What a template-printed value becomes in the document model."""
    text = _PRIVATE_MARK.sub("\ufffd", text)
    text = _MD_BREAKS.sub(" ", text).replace("\t", " ")
    return text.replace("\x00", "\ufffd")


def via_notes(text: str) -> str:
    """What a raw value (title block, citation note) becomes in the model."""
    return text.replace("\ue001", "").replace("\ue002", "")


# --- the project under test ---------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """Generated values for every field that reaches a reader."""

    fact: str
    title: str
    judgement: str
    quote: str
    locator: str
    source_title: str
    outlet: str
    author: str
    descriptor: str
    url: str
    sources_as: str = "yaml"  # or "json" (UTF-8 as Zotero writes it) or "json-ascii"

    def expected(self) -> dict[str, tuple[str, str]]:
        """field -> (model text in the eu brief, in the rs brief); '' = not shown."""
        judgement = via_markdown(self.judgement.rstrip("."))
        return {
            "fact": (via_markdown(self.fact),) * 2,
            "title": (self.title, ""),  # metadata, as written; rs reads the Serbian title
            "judgement": (judgement,) * 2,
            "quote": (via_markdown(self.quote), ""),  # only eu's template prints quotes
            "locator": (via_notes(self.locator),) * 2,
            "source title": (via_notes(self.source_title),) * 2,
            "outlet": (via_notes(self.outlet),) * 2,
            "author": (via_notes(self.author),) * 2,
            "descriptor": ("", via_notes(self.descriptor)),  # rs may not see the blog
            "url": (via_notes(self.url),) * 2,
        }


QUOTES_SECTION = """
## Quotations

{% for f in facts %}{% for q in f.quotes %}
> {{ q }}

{% endfor %}{% endfor %}
"""


def write_project(root: Path, h: Hostile) -> Path:
    """A copy of tests/projects/basic carrying the hostile values."""
    copy_project("basic", root)
    brief = root / "templates" / "eu" / "brief.md.j2"
    brief.write_text(brief.read_text(encoding="utf-8").replace(
        "{% endblock %}", QUOTES_SECTION + "{% endblock %}"), encoding="utf-8")
    mini = root / "inputs" / CASE

    def case(data):
        data["title"]["en"] = h.title

    def facts(data):
        data[0]["text"] = {"en": h.fact, "sr": h.fact}
        data[0]["sources"][0].update(locator=h.locator, quote=h.quote)

    def judgements(data):
        data[0]["text"] = {"en": h.judgement, "sr": h.judgement}

    def sources(data):
        data[0].update({"title": h.source_title, "container-title": h.outlet, "URL": h.url,
                        "author": [{"given": h.author, "family": "Zed"}]})
        data[1].update({"releasable-to": ["eu"], "descriptor": h.descriptor})

    for name, change in (("case.yaml", case), ("facts.yaml", facts),
                         ("judgements.yaml", judgements)):
        _rewrite(mini / name, change)
    _rewrite(mini / "sources.yaml", sources, h.sources_as)
    return root


def _rewrite(path: Path, change, fmt: str = "yaml") -> None:
    """Change the data of a YAML file; write it back as YAML or as CSL-JSON."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    if fmt == "yaml":
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)
    else:
        path.unlink()
        path = path.with_suffix(".json")
        text = json.dumps(data, ensure_ascii=fmt == "json-ascii", indent=2)
    path.write_text(text, encoding="utf-8")


def run_cli(*args: str) -> tuple[int, str, str]:
    """briefgen in-process, its stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()
