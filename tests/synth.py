"""Synthetic cases for tests and bench/: the shipped case scaled up."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHIPPED = "china-serbia-exercise-2025"


def make_project(root: Path, cases: int = 1, factor: int = 1) -> Path:
    """A project at ``root`` with the shipped templates and ``cases`` copies of
    the shipped case, each with its facts repeated ``factor`` times."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    (root / "inputs").mkdir(exist_ok=True)
    shutil.copy(REPO / "inputs" / "topics.yaml", root / "inputs" / "topics.yaml")
    for index in range(cases):
        name = SHIPPED if cases == 1 else f"{SHIPPED}-{index + 1:03d}"
        scale_case(REPO / "inputs" / SHIPPED, root / "inputs" / name, factor)
    return root


def scale_case(source: Path, target: Path, factor: int) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
    if factor <= 1:
        return
    facts = yaml.safe_load((source / "facts.yaml").read_text(encoding="utf-8"))
    scaled = list(facts)
    for copy in range(2, factor + 1):
        for fact in facts:
            scaled.append({**fact, "id": f"{fact['id']}-x{copy}"})
    (target / "facts.yaml").write_text(
        yaml.safe_dump(scaled, allow_unicode=True, sort_keys=False), encoding="utf-8")
