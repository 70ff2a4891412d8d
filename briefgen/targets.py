"""The files a build makes: ``out/<case>/<audience>[.<locale>]<suffix>``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Project
from .writers.registry import format_of, writer


@dataclass(frozen=True)
class Target:
    case: str
    audience: str
    format: str
    variant: str | None = None  # a further locale of the audience (`rs-domestic.sr-Cyrl.pdf`)

    def path(self, project: Project) -> Path:
        return project.out / self.case / self.file

    @property
    def file(self) -> str:
        middle = f".{self.variant}" if self.variant else ""
        return f"{self.audience}{middle}{writer(self.format).suffix}"

    @property
    def name(self) -> str:
        return f"{self.case}/{self.file}"

    @classmethod
    def parse(cls, name: str) -> Target:
        case, _, file = name.partition("/")
        fmt = format_of(file)
        parts = file.removesuffix(writer(fmt).suffix).split(".")
        return cls(case, parts[0], fmt, ".".join(parts[1:]) or None)
