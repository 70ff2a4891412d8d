"""Editions: what an audience's briefing contained, and what changed since.

A snapshot is built from the audience's ``Selection`` only, so a change to
an item the audience may not see or does not select never makes a new
edition, and a restricted item's removal is never announced to it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .model import Audience, Case, as_written
from .select import Selection


@dataclass(frozen=True)
class EditionRecord:
    number: int
    date: str
    hash: str
    snapshot: dict
    changes: tuple[str, ...]

    def to_bytes(self) -> bytes:
        data = {"number": self.number, "date": self.date, "hash": self.hash,
                "changes": list(self.changes), "snapshot": self.snapshot}
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_file(cls, path: Path) -> EditionRecord | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(data["number"], data["date"], data["hash"], data["snapshot"],
                       tuple(data["changes"]))
        except (OSError, ValueError, KeyError):
            return None


# Bumped when a snapshot records more of what a reader sees; an edition saved
# in an older format is re-baselined under its own number, not announced anew.
SNAPSHOT_FORMAT = 2


def snapshot(case: Case, audience: Audience, sel: Selection) -> dict:
    """The audience-visible content, in its language, as plain JSON: every
    thing a reader sees that can change — texts, dates, each citation with
    its source's grade, claim values (the disagreement table)."""
    def text(value):
        return case.text(value, audience.locale) or ""

    return {
        "format": SNAPSHOT_FORMAT,
        "facts": {f.id: {"text": text(f.text), "date": f.date,
                         "sources": [[c.source, sel.sources[c.source].reliability,
                                      c.credibility, c.locator]
                                     for c in sel.citations[f.id]],
                         "claims": {k: text(v) if isinstance(v, dict) else as_written(v)
                                    for k, v in sorted(f.claims.items())}}
                  for f in sel.facts},
        "judgements": {j.id: {"text": text(j.text), "likelihood": j.likelihood,
                              "confidence": j.confidence, "key": j.key,
                              "implication": text(j.implications.get(audience.id))}
                       for j in sel.judgements},
        "recommendations": {r.id: text(r.text) for r in sel.recommendations},
    }


def snapshot_hash(snap: dict) -> str:
    canonical = json.dumps(snap, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def diff(old: dict, new: dict, labels: dict[str, str]) -> tuple[str, ...]:
    """Reader-facing lines: facts added/removed/corrected, judgements moved."""
    return _fact_changes(old["facts"], new["facts"], labels) + \
        _judgement_changes(old["judgements"], new["judgements"], labels) + \
        _recommendation_changes(old.get("recommendations", {}), new["recommendations"], labels)


def _fact_changes(old: dict, new: dict, labels: dict) -> tuple[str, ...]:
    lines = []
    for fact_id, fact in new.items():
        if fact_id not in old:
            lines.append(f"{labels['added']}: {fact['text']}")
        elif old[fact_id] != fact:
            lines.append(f"{labels['corrected']}: {fact['text']}")
    lines += [f"{labels['removed']}: {fact['text']}" for i, fact in old.items() if i not in new]
    return tuple(lines)


def _judgement_changes(old: dict, new: dict, labels: dict) -> tuple[str, ...]:
    lines = []
    for j_id, j in new.items():
        before = old.get(j_id)
        if before is None:
            lines.append(labels["judgement-added"].format(text=_sentence(j["text"])))
            continue
        if before["likelihood"] != j["likelihood"]:
            lines.append(labels["judgement-moved"].format(
                text=_sentence(j["text"]), old=labels[before["likelihood"]],
                new=labels[j["likelihood"]]))
        if before["confidence"] != j["confidence"]:
            lines.append(labels["confidence-moved"].format(
                text=_sentence(j["text"]), old=labels[before["confidence"]],
                new=labels[j["confidence"]]))
    lines += [labels["judgement-removed"].format(text=_sentence(j["text"]))
              for j_id, j in old.items() if j_id not in new]
    return tuple(lines)


def _recommendation_changes(old: dict, new: dict, labels: dict) -> tuple[str, ...]:
    lines = []
    for r_id, text in new.items():
        if r_id not in old:
            lines.append(labels["recommendation-added"].format(text=_sentence(text)))
        elif old[r_id] != text:
            lines.append(labels["recommendation-revised"].format(text=_sentence(text)))
    lines += [labels["recommendation-removed"].format(text=_sentence(text))
              for r_id, text in old.items() if r_id not in new]
    return tuple(lines)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def edition_path(out_dir: Path, case_id: str, audience_id: str, number: int) -> Path:
    return out_dir / ".briefgen" / "editions" / case_id / audience_id / f"{number}.json"


def next_edition(previous: EditionRecord | None, snap: dict, date: str,
                 labels: dict) -> tuple[EditionRecord, bool]:
    """The edition this content belongs to, and whether it is new."""
    digest = snapshot_hash(snap)
    if previous is not None and previous.hash == digest:
        return previous, False
    if previous is None:
        return EditionRecord(1, date, digest, snap, ()), True
    if previous.snapshot.get("format") != SNAPSHOT_FORMAT:
        return EditionRecord(previous.number, previous.date, digest, snap,
                             previous.changes), True
    changes = diff(previous.snapshot, snap, labels)
    return EditionRecord(previous.number + 1, date, digest, snap, changes), True


def latest_editions(project, case: Case, audience_ids: list[str]):
    """(audience id, its latest EditionRecord or None) for each audience."""
    for audience_id in audience_ids:
        yield audience_id, latest(project.out, case.id, audience_id)


def latest(out_dir: Path, case_id: str, audience_id: str) -> EditionRecord | None:
    """The audience's latest minted edition, read from its snapshots on disk:
    numbering goes on even when the manifest was deleted."""
    folder = edition_path(out_dir, case_id, audience_id, 0).parent
    numbers = sorted((int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit()),
                     reverse=True) if folder.is_dir() else []
    for number in numbers:
        record = EditionRecord.from_file(edition_path(out_dir, case_id, audience_id, number))
        if record is not None:
            return record
    return None


def settle(out_dir: Path, manifest, case: Case, audience_id: str, draft: bool,
           minted: dict[Path, bytes]) -> EditionRecord:
    """The edition a build of this audience carries; minted unless ``draft``
    (the manifest told, its snapshot put in ``minted`` for the build to write
    with its files): `watch` writes drafts of the next edition, and only
    `briefgen build` publishes one."""
    from .locale.labels import labels_for
    from .select import select

    audience = case.audiences[audience_id]  # the main locale: one edition for every script
    snap = snapshot(case, audience, select(case, audience))
    record, is_new = next_edition(latest(out_dir, case.id, audience_id), snap, case.meta.as_of,
                                  labels_for(audience.locale))
    if is_new and not draft:
        minted[edition_path(out_dir, case.id, audience_id, record.number)] = record.to_bytes()
    if not draft:
        manifest.editions[f"{case.id}/{audience_id}"] = {"number": record.number,
                                                         "hash": record.hash}
    return record
