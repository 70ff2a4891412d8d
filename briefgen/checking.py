"""`briefgen check`: validate cases and describe where sources disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Diagnostic
from .inputs.validate import check_case
from .model import Case, Disagreement, Project, disagreements


@dataclass
class CaseReport:
    case_id: str
    case: Case | None
    diagnostics: list[Diagnostic]
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def check_cases(project: Project, case_ids: list[str]) -> list[CaseReport]:
    reports = []
    for case_id in case_ids:
        case, diagnostics = check_case(project, case_id)
        found = disagreements(case.facts) if case else []
        diagnostics = sorted(diagnostics, key=lambda d: (str(d.location.path), d.location.line,
                                                         d.location.col))
        reports.append(CaseReport(case_id, case, diagnostics, found))
    return reports


def describe_disagreement(case: Case, found: Disagreement) -> str:
    """One line: the claim and each value with the facts and graded sources behind it."""
    parts = []
    for value, fact_ids in found.values:
        backers = []
        for fact_id in fact_ids:
            fact = case.fact(fact_id)
            citations = fact.sources if fact else []
            grades = ", ".join(f"{c.source} {_grade(case, c)}" for c in citations)
            backers.append(f"{fact_id} [{grades}]")
        parts.append(f"{value!s} ({'; '.join(backers)})")
    return f"sources disagree on `{found.claim}`: " + " vs ".join(parts)


def _grade(case: Case, citation) -> str:
    source = case.sources.get(citation.source)
    return f"{source.reliability if source else '?'}{citation.credibility}"


def summary(reports: list[CaseReport]) -> dict:
    cases = [r.case for r in reports if r.case]
    return {
        "cases": len(reports),
        "facts": sum(len(c.facts) for c in cases),
        "sources": sum(len(c.sources) for c in cases),
        "judgements": sum(len(c.judgements) for c in cases),
        "recommendations": sum(len(c.recommendations) for c in cases),
        "disagreements": sum(len(r.disagreements) for r in reports),
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
    }


def summary_line(totals: dict) -> str:
    def n(count, word):
        return f"{count} {word}{'' if count == 1 else 's'}"

    return (f"checked {n(totals['cases'], 'case')}: {n(totals['facts'], 'fact')}, "
            f"{n(totals['sources'], 'source')}, {n(totals['judgements'], 'judgement')}, "
            f"{n(totals['disagreements'], 'disagreement')} — {n(totals['errors'], 'error')}, "
            f"{n(totals['warnings'], 'warning')}")
