"""`briefgen new CASE`: a commented example case that passes `check` and builds.

Its facts are filed under a topic the project's first audience follows, so
they reach a brief; a project without ``inputs/topics.yaml`` gets one.
"""

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
    created = _ensure_topics(project, audiences)
    values = {"as_of": (today or dt.date.today()).isoformat(),
              "audiences": "[" + ", ".join(audiences) + "]",
              "topic": _example_topic(project, audiences)}
    target.mkdir(parents=True)
    for name in FILES:
        text = (resources.files("briefgen") / "scaffold" / name).read_text(encoding="utf-8")
        (target / name).write_text(Template(text).substitute(values), encoding="utf-8")
        created.append(target / name)
    return created


EXAMPLE_TOPIC = "example"


def _followed(project: Project, audiences: list[str]) -> list[str]:
    """The topics the audiences follow, the first audience's first."""
    import yaml

    found: list[str] = []
    for audience in audiences:
        try:
            data = yaml.safe_load((project.templates / audience / "audience.yaml").read_text())
        except (OSError, yaml.YAMLError):
            continue
        topics = data.get("topics") if isinstance(data, dict) else None
        found += [t for t in topics or [] if isinstance(t, str)]
    return list(dict.fromkeys(found))


def _declared(project: Project) -> list[str]:
    import yaml

    try:
        data = yaml.safe_load((project.inputs / "topics.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    return [t["id"] for t in data or [] if isinstance(t, dict) and isinstance(t.get("id"), str)]


def _example_topic(project: Project, audiences: list[str]) -> str:
    declared = _declared(project)
    followed = [t for t in _followed(project, audiences) if t in declared]
    return followed[0] if followed else (declared[0] if declared else EXAMPLE_TOPIC)


def _ensure_topics(project: Project, audiences: list[str]) -> list[Path]:
    """A topics.yaml for a project that has none: the topics its audiences follow."""
    path = project.inputs / "topics.yaml"
    if path.exists():
        return []
    topics = _followed(project, audiences) or [EXAMPLE_TOPIC]
    lines = ["# The desk's topic vocabulary: every topic a fact names, with its heading",
             "# in each language the audiences read. Retitle these placeholders."]
    for topic in topics:
        words = topic.replace("-", " ").capitalize()
        lines += [f"- id: {topic}", f"  title: {{en: \"{words}\", sr: \"{words}\"}}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [path]
