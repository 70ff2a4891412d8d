"""One audience's briefing: selection → template → Markdown → document model."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from .. import document as d
from ..compose import Outline, Profile, Unit, outline, plan
from ..errors import Diagnostic, Location, TemplateFailure
from ..locale import is_cyrillic, resolve_text
from ..locale.dates import format_date
from ..locale.labels import labels_for
from ..model import Audience, Case, Project
from ..select import select
from ..warnings import NotRendered
from .brief import BriefView, brief_view
from .citations import CitationStyle
from .context import Views, build_views
from .env import make_environment
from .escape import Literal
from .helpers import Helpers
from .markdown import Converter
from .script import finish_script


@dataclass(frozen=True)
class Edition:
    number: int = 1
    changes: tuple = ()  # change records for "Changes since edition n"


@dataclass(frozen=True)
class Rendered:
    markdown: str  # what the template produced
    document: d.Document
    templates: tuple[Path, ...]  # every template file used (for the manifest)
    outline: Outline  # what composition put in, and what it left out
    units: int  # how many optional units composition offered
    # What the Markdown could not become in the model (a plugin's token), for
    # the user to read; what a writer cannot render: warnings.writer_warnings.
    warnings: tuple[NotRendered, ...] = ()


class AudienceRenderer:
    """One audience's brief, ready to render with any number of kept units.

    Selection, views and the composition plan are made once; the page budget
    renders again with fewer units (``render(keep=n)``) without redoing them."""

    def __init__(self, project: Project, case: Case, audience: Audience,
                 edition: Edition = Edition()):
        self.project, self.case, self.audience, self.edition = project, case, audience, edition
        self.labels = labels_for(audience.locale)
        self.selection = select(case, audience)
        self.profile = Profile.of(case, audience)
        self.plan = plan(self.selection, self.profile)
        self.views = build_views(case, audience, self.selection, self.labels)

    @property
    def units(self) -> tuple[Unit, ...]:
        return self.plan.units

    def render(self, keep: int | None = None) -> Rendered:
        composed = outline(self.plan, self.selection, self.profile, keep)
        helpers = Helpers(self.views, self.labels, self.audience.locale, composed.timeline)
        markdown, used = self._run_template(composed, helpers)
        style = CitationStyle(self.selection.sources, self.selection.visible_sources,
                              self.audience.locale, self.labels)
        converter = Converter(cite_note=partial(_note, style, helpers.citations),
                              figure=helpers.figures.get)
        document = d.Document(_meta(self.case, self.audience, self.labels, self.edition),
                              converter.document(markdown))
        finished = finish_script(document, is_cyrillic(self.audience.locale),
                                 tuple(self.case.meta.latin_terms))
        return Rendered(markdown, finished, used, composed, len(self.plan.units),
                        tuple(converter.warnings))

    def check_templates(self) -> None:
        """Run the templates on everything composition offers, and stop there.

        A template is the only part of rendering a user can break (the
        Markdown reader warns, never fails), so this raises the TemplateFailure
        a full render would, for about a third of a render's time: what
        `check` and a build's check before writing need."""
        composed = outline(self.plan, self.selection, self.profile, None)
        self._run_template(composed, Helpers(self.views, self.labels, self.audience.locale,
                                             composed.timeline))

    def _run_template(self, composed: Outline, helpers: Helpers) -> tuple[str, tuple[Path, ...]]:
        case, audience = self.case, self.audience
        brief = brief_view(composed, self.views, case, audience.locale, self.labels)
        env = make_environment(self.project.templates, audience.dir)
        context = _context(case, audience, self.views, helpers, self.edition, brief)
        return _run_template(env, audience, context)


def render_audience(project: Project, case: Case, audience: Audience,
                    edition: Edition = Edition(), keep: int | None = None) -> Rendered:
    """The audience's brief with every unit composition offers (or the first ``keep``)."""
    return AudienceRenderer(project, case, audience, edition).render(keep)


def _note(style: CitationStyle, citations: list, index: int) -> tuple[d.Block, ...] | None:
    """The note of the template's citation `index`, built as the reader meets it."""
    return style.note(*citations[index]) if 0 <= index < len(citations) else None


def _context(case: Case, audience: Audience, views: Views, helpers: Helpers,
             edition: Edition, brief: BriefView) -> dict:
    loc = audience.locale
    text = lambda t: Literal(case.text(t, loc) or "")  # noqa: E731
    return {
        "case": {
            "id": case.id,
            "title": text(case.meta.title),
            "as_of": Literal(format_date(case.meta.as_of, loc)),
            "author": Literal(_author(case, loc)),
        },
        "audience": {
            "id": audience.id,
            "title": text(audience.spec.title),
            "locale": loc,
            "marking": Literal(audience.spec.marking or ""),
        },
        "edition": {"number": edition.number, "changes": edition.changes},
        "brief": brief,
        "facts": views.facts,
        "judgements": views.judgements,
        "key_judgements": views.key_judgements,
        "other_judgements": tuple(j for j in views.judgements if not j.key),
        "recommendations": views.recommendations,
        "sources": views.sources,
        "disagreements": views.disagreements,
        "fact": views.fact_by_id,
        "labels": {k: Literal(v) for k, v in helpers.labels.items()},
        **helpers.as_globals(),
    }


def _author(case: Case, locale: str) -> str:
    author = case.meta.author
    if author is None:
        return ""
    resolved = resolve_text(author, locale, case.meta.language)
    if resolved is None:  # a unit's name in another language is still its name
        resolved = author if isinstance(author, str) else next(iter(author.values()))
    return resolved


def _run_template(env, audience: Audience, context: dict) -> tuple[str, tuple[Path, ...]]:
    name = audience.spec.template
    used: list[Path] = []
    _track_loads(env, used)
    try:
        template = env.get_template(name)
        return template.render(context), tuple(dict.fromkeys(used))
    except jinja2.TemplateSyntaxError as exc:
        raise _failure(exc, Path(exc.filename or audience.dir / name), exc.lineno,
                       f"template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        path, line = _template_frame(exc, audience.dir / name)
        raise _failure(exc, path, line, f"template `{exc.name}` not found in "
                       f"{audience.dir.name}/ or the templates folder") from None
    except Exception as exc:  # any error inside a template is the template's
        path, line = _template_frame(exc, audience.dir / name, audience.dir)
        raise _failure(exc, path, line, f"template error: {_describe(exc)}"
                       f"{_call_chain(exc, (path, line), audience.dir.parent)}") from None


def _track_loads(env, used: list[Path]) -> None:
    loader = env.loader
    original = loader.get_source

    def get_source(environment, template):
        source, filename, uptodate = original(environment, template)
        used.append(Path(filename))
        return source, filename, uptodate

    loader.get_source = get_source


def _template_frames(exc: BaseException) -> list[tuple[Path, int]]:
    """The template lines the error passed through, outermost first."""
    return [(Path(frame.f_code.co_filename), line)
            for frame, line in traceback.walk_tb(exc.__traceback__)
            if frame.f_code.co_filename.endswith(".j2")]


def _template_frame(exc: BaseException, default: Path,
                    own: Path | None = None) -> tuple[Path, int]:
    """Where to point the user: the innermost line of the audience's own
    template (which passed the bad value), else the innermost template line."""
    frames = _template_frames(exc)
    mine = [f for f in frames if own is not None and f[0].parent == own]
    return (mine or frames or [(default, 0)])[-1]


def _call_chain(exc: BaseException, start: tuple[Path, int], templates: Path) -> str:
    """`; at brief.md.j2:5 → _shared/macros.md.j2:39` when the error crossed a
    macro: from the line the diagnostic points at, innermost last."""
    frames = list(dict.fromkeys(_template_frames(exc)))
    frames = frames[frames.index(start):] if start in frames else frames
    if len(frames) < 2:
        return ""
    names = [f"{_relative(path, templates)}:{line}" for path, line in frames]
    return "; at " + " → ".join(names)


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; check the name against the template reference in the README"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _failure(exc, path: Path, line: int | None, message: str) -> TemplateFailure:
    return TemplateFailure(Diagnostic("error", message, Location(path, line or 0, 0)))


def _meta(case: Case, audience: Audience, labels: dict, edition: Edition) -> d.Meta:
    loc = audience.locale
    title = case.text(case.meta.title, loc) or ""
    audience_title = case.text(audience.spec.title, loc) or ""
    return d.Meta(
        title=title,
        audience=audience_title,
        author=_author(case, loc),
        date=format_date(case.meta.as_of, loc),
        iso_date=case.meta.as_of,
        edition=edition.number,
        edition_label=labels["edition"],
        marking=audience.spec.marking or "",
        language=loc,
        subject=f"{audience_title}: {title}",
        page_label=labels["page"],
        of_label=labels["of"],
    )
