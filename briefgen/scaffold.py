"""`briefgen new CASE`: a commented example case that passes `check`."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from string import Template

from .errors import UsageError
from .model import Project

FILES = ("case.yaml", "sources.yaml", "facts.yaml", "judgements.yaml", "recommendations.yaml")


def existing_audiences(project: Project) -> list[str]:
    if not project.templates.is_dir():
        return []
    return sorted(p.parent.name for p in project.templates.glob("*/audience.yaml")
                  if not p.parent.name.startswith("_"))


def scaffold_case(project: Project, case_id: str, today: dt.date | None = None) -> list[Path]:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case_id):
        raise UsageError(f"`{case_id}` is not a valid case id: use lower-case letters, digits "
                         "and hyphens, starting with a letter or digit")
    target = project.case_dir(case_id)
    if target.exists():
        raise UsageError(f"{target} already exists; choose another name")
    audiences = existing_audiences(project)
    if not audiences:
        raise UsageError(f"no audiences in {project.templates}: create "
                         "templates/<audience>/audience.yaml first")
    values = {"as_of": (today or dt.date.today()).isoformat(),
              "audiences": "[" + ", ".join(audiences) + "]"}
    target.mkdir(parents=True)
    created = []
    for name in FILES:
        text = (resources.files("briefgen") / "scaffold" / name).read_text(encoding="utf-8")
        (target / name).write_text(Template(text).substitute(values), encoding="utf-8")
        created.append(target / name)
    return created
