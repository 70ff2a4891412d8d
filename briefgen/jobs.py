"""Running one job: render an audience's brief, fit it to its page budget,
and return the bytes of each outdated format (in a worker process when the
build has several jobs; nothing here touches ``out/``)."""

from __future__ import annotations

import dataclasses
import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputErrors, Location, TemplateFailure
from .freshness import reference_docx_path
from .model import Audience, Case, Project
from .targets import Target
from .writers.registry import BUDGET_FORMAT, budget_layout, budget_layouts_of, writer

if TYPE_CHECKING:  # these load the input schema and the renderer: not on the no-op path
    from .document import Document, WriterOptions
    from .editions import EditionRecord
    from .fitting import Fitted
    from .render import AudienceRenderer, Edition, Rendered


@dataclass
class Job:
    """One case × audience (× locale) whose outdated formats need rendering."""

    case: Case
    audience_id: str
    reasons: dict[Target, str]  # outdated targets -> why
    edition: EditionRecord | None = None  # settled in phase 3, before the job runs
    variant: str | None = None  # the locale, when not the audience's first
    keep_hint: int | None = None  # what the page budget kept last time
    # A further locale carries at most what its main locale's brief carries,
    # so the Latin and Cyrillic briefs say the same wherever both fit.
    keep_cap: int | None = None
    # The digest of the brief last built (``Renders.digest``), when changed input
    # or template files are the only reasons to build it again (``plan``): if
    # it renders the same now, its files stand as they are.
    last_brief: str | None = None
    # The hashes of its input files when the build read them (plan), recorded
    # with its files: an edit made while it renders makes them outdated.
    inputs: dict[str, str] | None = None

    @property
    def key(self) -> str:
        """The audience's edition key: every locale of it shares one edition."""
        return f"{self.case.id}/{self.audience_id}"

    @property
    def label(self) -> str:
        return self.key + (f".{self.variant}" if self.variant else "")

    @property
    def audience(self) -> Audience:
        audience = self.case.audiences[self.audience_id]
        return audience.in_locale(self.variant) if self.variant else audience

    @property
    def settled_edition(self) -> EditionRecord:
        if self.edition is None:  # a bug in the build's phases, not a user's error
            raise RuntimeError(f"{self.label}: rendered before its edition was settled")
        return self.edition


@dataclass(frozen=True)
class JobResult:
    outputs: dict[str, bytes]  # format -> bytes
    templates: tuple[Path, ...]
    left_out: str  # what the page budget left out, in words ("" if nothing)
    overflow: str  # a warning when even the always part is over budget
    keep: int | None  # units the budget kept (None: no budget, everything)
    # What the Markdown reader or a writer could not render, for the user.
    warnings: tuple[str, ...] = ()
    brief: str = ""  # the brief's digest at the size kept, for the next build
    seen: str = ""  # select.seen_digest of its audience, for the next build
    unchanged: bool = False  # it renders as last time: no outputs, the files stand


def render_job(project: Project, job: Job) -> JobResult:
    """Every outdated format of one audience's briefing, as bytes (runs in a worker).

    The templates run first on everything the brief may hold, so a template
    error stops the build even where the page budget would cut it (nothing
    is written: the build commits its files only when every job is done).
    The brief is fitted to the audience's page budget on its PDF; the DOCX
    carries exactly the same content."""
    try:
        with collector_paused(collect_after=True):
            return _render_job(project, job)
    except TemplateFailure as exc:  # as `check` reports it: located, nothing written
        raise InputErrors([exc.diagnostic]) from None


@contextmanager
def collector_paused(collect_after: bool = False):
    """No cyclic garbage collection within (and, if asked, one collection after).

    A build makes many objects that live as long as it does (the cases, the
    writers' modules) and a job hundreds of thousands of short-lived ones
    (markdown tokens, model nodes, ReportLab fragments): Python's collector
    would walk them every 700 allocations, which cost a cold build about 6%.
    A job collects once when done, so memory stays as flat between jobs (a
    hundred cases built so: the same summed RSS)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if collect_after:
            gc.collect()


def _render_job(project: Project, job: Job) -> JobResult:
    from .render import AudienceRenderer, Edition

    audience = job.audience
    options = writer_options(project, audience, job.case)
    edition = Edition(job.settled_edition.number, job.settled_edition.changes)
    renderer = AudienceRenderer(project, job.case, audience, edition)
    renderer.check_templates()
    renders = Renders(renderer, job.keep_cap)
    if job.last_brief and job.keep_hint and renders.digest(job.keep_hint) == job.last_brief:
        return _as_last_time(job, renders.render(job.keep_hint), job.last_brief,
                             _seen(renderer))
    fitted = fit_renderer(renderer, options, job.keep_hint, job.keep_cap, renders.render)
    outputs = {}
    for target in job.reasons:
        if target.format == BUDGET_FORMAT and fitted.pdf is not None:
            outputs[target.format] = fitted.pdf.data  # the layout that fitted
        else:
            outputs[target.format] = _write(project, audience, target.format,
                                            fitted.rendered.document, options)
    kept = _kept(fitted)
    return JobResult(outputs, fitted.rendered.templates, *_fit_words(job, fitted),
                     keep=kept, warnings=_unrendered(job, fitted.rendered),
                     brief=renders.digest(kept) if kept else "", seen=_seen(renderer))


def _seen(renderer: AudienceRenderer) -> str:
    from .select import seen_digest

    return seen_digest(renderer.case, renderer.audience, renderer.selection)


def _as_last_time(job: Job, rendered, digest: str, seen: str) -> JobResult:
    """The brief renders as it did at the size kept and one unit more, so the
    page budget keeps the same size and the files would be the same bytes."""
    return JobResult({}, rendered.templates, _left_out(rendered, job.audience.spec.pages), "",
                     keep=job.keep_hint, warnings=_unrendered(job, rendered), brief=digest,
                     seen=seen, unchanged=True)


class Renders:
    """The brief rendered at each size asked for, once (the fit and the digest
    ask for the same sizes)."""

    def __init__(self, renderer: AudienceRenderer, cap: int | None):
        self.renderer, self.cap = renderer, cap
        units = len(renderer.units)
        self.everything = units if cap is None else min(cap, units)
        self._done: dict[int | None, Rendered] = {}

    def render(self, keep: int | None) -> Rendered:
        """As the fit asks: None for everything (at most the cap)."""
        if self.cap is not None and keep is None:
            keep = self.cap
        if self.cap is None and keep == self.everything:
            keep = None  # every unit: the same brief, rendered once
        if keep not in self._done:
            self._done[keep] = self.renderer.render(keep)
        return self._done[keep]

    def digest(self, keep: int) -> str:
        """What decides the files: the brief at ``keep`` units and at one more
        (whether that one fits decides the size), and the sizes on offer."""
        import hashlib

        sizes = [keep, keep + 1] if keep < self.everything else [keep]
        parts = [repr((keep, self.everything, self.cap))]
        parts += [repr(self.render(size).document) for size in sizes]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _unrendered(job: Job, rendered) -> tuple[str, ...]:
    """Warnings, never silence, for what a brief could not show (Pandoc's
    BlockNotRendered): the reader's unknown tokens, the writers' unknown nodes."""
    from .warnings import writer_warnings

    found = (*rendered.warnings,
             *writer_warnings(rendered.document, [t.format for t in job.reasons]))
    return tuple(f"warning: {job.label}: {warning.message()}" for warning in found)


def writer_options(project: Project, audience: Audience, case: Case) -> WriterOptions:
    from .document import WriterOptions

    reference = reference_docx_path(project, audience.dir)
    return WriterOptions(reference_docx=reference.read_bytes() if reference else None,
                         timestamp=_timestamp(case))


def _timestamp(case: Case) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        import datetime as dt

        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = case.meta.as_of.split("-") + ["01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _write(project: Project, audience: Audience, fmt: str, document: Document,
           options: WriterOptions) -> bytes:
    """A writer's bytes; a house style it cannot use is reported at its real path."""
    try:
        return writer(fmt).write(document, options)
    except TemplateFailure as exc:
        reference = reference_docx_path(project, audience.dir)
        if reference is None or exc.diagnostic.location.path.name != "reference.docx":
            raise
        located = dataclasses.replace(exc.diagnostic, location=Location(reference))
        raise TemplateFailure(located) from None


def fitted_brief(project: Project, case: Case, audience: Audience,
                 options: WriterOptions | None = None, edition: Edition | None = None,
                 hint: int | None = None, cap: int | None = None) -> Fitted:
    """The audience's brief at the size its page budget allows."""
    from .render import AudienceRenderer, Edition

    renderer = AudienceRenderer(project, case, audience, edition or Edition())
    return fit_renderer(renderer, options or writer_options(project, audience, case), hint, cap)


def fit_renderer(renderer: AudienceRenderer, options: WriterOptions, hint: int | None = None,
                 cap: int | None = None, render=None) -> Fitted:
    """The renderer's brief at the size its audience's page budget allows
    (``render(keep)``: the brief at a size, ``Renders.render`` by default)."""
    from .fitting import fit

    audience = renderer.audience
    budget_layouts_of((renderer.case.id, audience.id, audience.variant))
    units = list(renderer.units)[:cap] if cap is not None else list(renderer.units)
    render = render or Renders(renderer, cap).render
    return fit(render, lambda doc: budget_layout(doc, options), units,
               audience.spec.pages, _first_guess(hint, cap))


def _first_guess(hint: int | None, cap: int | None) -> int | None:
    """What fitted last time, at most the cap; else the cap (a further locale
    usually fits what its main locale kept)."""
    given = [n for n in (hint, cap) if n is not None]
    return min(given) if given else None


def _kept(fitted: Fitted) -> int | None:
    outline = fitted.rendered.outline
    return None if fitted.budget is None else fitted.rendered.units - len(outline.left_out)


def _left_out(rendered: Rendered, budget: int | None) -> str:
    """What the page budget left out, in words ("" if nothing)."""
    from .compose import left_out_summary

    dropped = left_out_summary(rendered.outline)
    return f"{dropped} left out for the {budget}-page budget" if dropped else ""


def _fit_words(job: Job, fitted: Fitted) -> tuple[str, str]:
    left_out = _left_out(fitted.rendered, fitted.budget)
    overflow = ""
    if fitted.overflow and fitted.pdf is not None:  # an overflow is measured on a layout
        overflow = (f"warning: {job.label}: the brief is {fitted.pdf.pages} pages, over its "
                    f"{fitted.budget}-page budget, although everything optional was left out "
                    "(the bottom line and key judgements always print); raise `pages` in "
                    "audience.yaml or shorten the key judgements")
    return left_out, overflow
