"""Read one case's input files into the fact base, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, Location
from ..model import Audience, Case, Project
from . import schema
from .messages import diagnostics_for
from .yamlfile import LoadedFile, LoadError, load_json, load_yaml


@dataclass
class Reading:
    """What reading a case produced: records, where they came from, problems."""

    project: Project
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    where: dict = field(default_factory=dict)  # (kind, id) -> Location
    loaded: dict = field(default_factory=dict)  # (kind, id) -> (LoadedFile, path)
    # Ids whose records failed their own checks, and kinds with an unreadable
    # file: references to them are not reported again as "unknown".
    broken: set = field(default_factory=set)  # (kind, id)
    unreadable: set = field(default_factory=set)  # kinds
    parsed: dict = field(default_factory=dict)  # path -> LoadedFile, each file read once

    def error(self, message: str, location: Location) -> None:
        self.diagnostics.append(Diagnostic("error", message, location))

    def warning(self, message: str, location: Location) -> None:
        self.diagnostics.append(Diagnostic("warning", message, location))

    def load(self, path: Path) -> LoadedFile | None:
        self.files.append(path)
        try:
            loaded = load_json(path) if path.suffix == ".json" else load_yaml(path)
        except LoadError as exc:
            self.diagnostics.append(exc.diagnostic)
            return None
        self.parsed[path] = loaded
        return loaded

    def at(self, kind: str, item_id: str, *path, key: bool = False) -> Location:
        """Where an item (or a value inside it) stands in the file it was read from."""
        loaded, base = self.loaded[(kind, item_id)]
        return loaded.location(base + tuple(path), key=key)

    def location(self, path: Path, key: str) -> Location:
        """Where ``key`` stands in a file this reading parsed."""
        loaded = self.parsed.get(path)
        return loaded.location((key,)) if loaded else Location(path)


def validate_one(reading: Reading, loaded: LoadedFile, path: tuple, model: type[BaseModel],
                 what: str):
    data = loaded.data
    for part in path:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        reading.diagnostics.extend(diagnostics_for(exc, loaded, path, model, what))
        return None


def read_mapping_file(reading: Reading, path: Path, model, what: str):
    loaded = reading.load(path)
    if loaded is None:
        return None
    if not isinstance(loaded.data, dict):
        reading.error(f"{path.name} must be a mapping of keys to values ({what})",
                      loaded.location(()))
        return None
    return validate_one(reading, loaded, (), model, what)


def read_list_file(reading: Reading, path: Path, model, kind: str) -> list:
    loaded = reading.load(path)
    if loaded is None:
        reading.unreadable.add(kind)
        return []
    if loaded.data is None:
        if kind == "fact":  # else every judgement would report "unknown fact"
            reading.error(f"{path.name} is empty: it needs a list of facts (each item starting "
                          "with `- id: ...`)", Location(path))
            reading.unreadable.add(kind)
        return []
    if not isinstance(loaded.data, list):
        reading.error(f"{path.name} must be a list of {kind}s (each item starting with `- `)",
                      loaded.location(()))
        return []
    records = []
    if kind == "fact":
        _claims_as_written(loaded)
    for index in range(len(loaded.data)):
        record = validate_one(reading, loaded, (index,), model, f"{kind} #{index + 1}")
        if record is None:
            reading.broken.add((kind, _raw_id(loaded.data[index])))
        else:
            records.append(record)
            reading.where.setdefault((kind, record.id), loaded.location((index,)))
            reading.loaded.setdefault((kind, record.id), (loaded, (index,)))
    return records


def _claims_as_written(loaded: LoadedFile) -> None:
    """Claim values as the analyst typed them (`NO`, `1.50`, `true`), so two
    sources are compared, and shown, by what they say."""
    for index, item in enumerate(loaded.data):
        claims = item.get("claims") if isinstance(item, dict) else None
        if isinstance(claims, dict):
            for key in claims:
                written = loaded.written.get((index, "claims", key))
                if written is not None:
                    claims[key] = written


def _raw_id(item) -> str | None:
    return item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None


def _one_of(reading: Reading, case_dir: Path, names: list[str], required: bool) -> Path | None:
    present = [case_dir / n for n in names if (case_dir / n).exists()]
    if len(present) > 1:
        reading.error(f"both {present[0].name} and {present[1].name} exist; keep one",
                      Location(present[1]))
    if not present and required:
        reading.error(f"missing {names[0]} (see `briefgen new` for an example)", Location(case_dir))
    return present[0] if present else None


def fact_files(reading: Reading, case_dir: Path) -> list[Path]:
    single = _one_of(reading, case_dir, ["facts.yaml", "facts"], required=True)
    if single is None:
        return []
    if single.is_dir():
        files = sorted(single.glob("*.yaml"))
        if not files:
            reading.error("facts/ has no .yaml files", Location(single))
        return files
    return [single]


def read_audience(reading: Reading, project: Project, audience_id: str,
                  location: Location) -> Audience | None:
    folder = project.templates / audience_id
    file = folder / "audience.yaml"
    if not file.is_file():
        reading.error(f"audience `{audience_id}` has no {_rel(file, project.root)}; create it "
                      "(title, locale, access) or remove the audience", location)
        return None
    spec = read_mapping_file(reading, file, schema.AudienceFile, "audience.yaml")
    return Audience(audience_id, folder, spec, file) if spec else None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_case(project: Project, case_id: str) -> tuple[Case | None, Reading]:
    """Read and schema-check a case. Cross-checks are ``validate.check_case``."""
    reading = Reading(project=project)
    case_dir = project.case_dir(case_id)
    meta = read_mapping_file(reading, case_dir / "case.yaml", schema.CaseFile, "case.yaml")
    sources_path = _one_of(reading, case_dir, ["sources.yaml", "sources.json"], required=True)
    sources = read_list_file(reading, sources_path, schema.Source, "source") if sources_path else []
    facts = [f for p in fact_files(reading, case_dir)
             for f in read_list_file(reading, p, schema.Fact, "fact")]
    judgements = _optional_list(reading, case_dir / "judgements.yaml", schema.Judgement,
                                "judgement", required=True)
    recommendations = _optional_list(reading, case_dir / "recommendations.yaml",
                                     schema.Recommendation, "recommendation", required=False)
    if meta is None:
        return None, reading
    topics = _vocabulary(reading, project, case_dir, meta)
    audiences = _read_audiences(reading, project, case_dir, meta)
    case = Case(case_id, case_dir, meta, {s.id: s for s in sources}, tuple(facts),
                tuple(judgements), tuple(recommendations), audiences,
                tuple(reading.files), where=dict(reading.where), topics=topics)
    return case, reading


def topics_file(project: Project) -> Path:
    return project.inputs / "topics.yaml"


def _vocabulary(reading: Reading, project: Project, case_dir: Path, meta) -> dict:
    """The desk's topics, then the case's own (which add or retitle), in order."""
    path = topics_file(project)
    shared = read_list_file(reading, path, schema.Topic, "topic") if path.is_file() else []
    loaded = reading.parsed[case_dir / "case.yaml"]
    for index, topic in enumerate(meta.topics):
        reading.where[("topic", topic.id)] = loaded.location(("topics", index))
        reading.loaded[("topic", topic.id)] = (loaded, ("topics", index))
    return {t.id: t for t in [*shared, *meta.topics]}


def _optional_list(reading, path: Path, model, kind: str, required: bool) -> list:
    if not path.exists():
        if required:
            reading.error(f"missing {path.name} (a list of {kind}s; it may be empty: `[]`)",
                          Location(path.parent))
        return []
    return read_list_file(reading, path, model, kind)


def _read_audiences(reading, project, case_dir, meta) -> dict[str, Audience]:
    loaded = reading.parsed[case_dir / "case.yaml"]
    audiences = {}
    for index, audience_id in enumerate(meta.audiences):
        where = loaded.location(("audiences", index))
        audience = read_audience(reading, project, audience_id, where)
        if audience:
            audiences[audience_id] = audience
    return audiences
