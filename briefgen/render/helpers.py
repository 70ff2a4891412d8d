"""Functions templates call: cite, assess, confidence, date, label, timeline.

None of them depends on the order in which a template calls them: what the
brief shows (and so what the timeline draws) is decided by composition.

Each returns ``Markup`` built from escaped pieces, so what it prints is
exactly the words of the inputs and the labels.
"""

from __future__ import annotations

from string import Formatter

from markupsafe import Markup

from .. import document as d
from ..chronology import in_date_order
from ..locale import is_cyrillic, to_cyrillic
from ..locale.dates import format_date
from ..locale.labels import BANDS
from .context import CitationRef, FactView, JudgementView, Views
from .directives import cite_directive, figure_directive
from .escape import md_escape

_CHANCE = {"almost-no-chance", "roughly-even-chance"}


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def _per_source(refs: list) -> list:
    """A judgement cites each source once, at its best credibility, without locators."""
    best: dict[str, CitationRef] = {}
    for ref in refs:
        if ref.source not in best or ref.credibility < best[ref.source].credibility:
            best[ref.source] = CitationRef(ref.source, ref.credibility, None)
    return list(best.values())


class Helpers:
    def __init__(self, views: Views, labels: dict[str, str], locale: str,
                 timeline_facts: tuple[str, ...] = ()):
        self.views, self.labels, self.locale = views, labels, locale
        self.timeline_facts = frozenset(timeline_facts)  # the dated facts the brief prints
        # citation id -> (refs, compact): a judgement's note names sources briefly
        self.citations: list[tuple[list[CitationRef], bool]] = []
        self.figures: dict[str, d.Figure] = {}

    def as_globals(self) -> dict:
        return {
            "cite": self.cite,
            "assess": self.assess,
            "confidence": self.confidence,
            "date": self.date,
            "label": self.label,
            "timeline": self.timeline,
            "facts_on": self.facts_on,
            "grades": self.grades,
            "band": lambda key: BANDS[key],
        }

    # -- citations ----------------------------------------------------------
    def cite(self, *items) -> Markup:
        """A real footnote citing the sources behind facts or judgements."""
        refs = [ref for item in items for ref in self._refs(item, set())]
        if not refs:
            return Markup("")
        # A judgement's note names its sources briefly; facts cite in full.
        compact = all(isinstance(i, JudgementView) for i in _flatten(items))
        self.citations.append((refs, compact))
        return Markup(cite_directive(len(self.citations) - 1))

    def _refs(self, item, seen: set) -> list:
        if isinstance(item, FactView):
            return list(item.citations)
        if isinstance(item, JudgementView) and item.id not in seen:
            seen.add(item.id)
            refs = [r for f in item.basis for r in f.citations]
            for other in self.views.judgements:
                if other.id in item.basis_judgements:
                    refs += self._refs(other, seen)
            return _per_source(refs)
        if isinstance(item, (list, tuple)):
            return [r for sub in item for r in self._refs(sub, seen)]
        return []

    def grades(self, fact: FactView) -> str:
        return ", ".join(self._grade(ref) for ref in fact.citations)

    def _grade(self, ref) -> str:
        source = next((s for s in self.views.sources if s.id == ref.source), None)
        return f"{source.reliability if source else '?'}{ref.credibility}"

    # -- estimative language (likelihood and confidence never in one sentence) --
    def assess(self, judgement: JudgementView, with_confidence: bool = False) -> Markup:
        """"We assess it is likely (55–80 %) that …"; `with_confidence` puts
        the confidence in the same sentence (the bottom line: two or three
        sentences in all, conventions.md)."""
        key = "we-assess-chance" if judgement.likelihood in _CHANCE else "we-assess"
        words = str(judgement.likelihood_words)
        if key == "we-assess-chance" and self.locale.startswith("en"):
            words = ("a " if judgement.likelihood == "roughly-even-chance" else "") + words
        return self.label(key + ("-confident" if with_confidence else ""), likelihood=words,
                          band=judgement.band, text=str(judgement.text).rstrip("."),
                          confidence=str(judgement.confidence_words))

    def confidence(self, judgement: JudgementView) -> Markup:
        words = str(judgement.confidence_words)
        return self.label("confidence-sentence", confidence=words,
                          Confidence=words[:1].upper() + words[1:])

    # -- labels and dates ---------------------------------------------------------
    def label(self, key: str, **values) -> Markup:
        """A fixed label, with ``values`` filled in and escaped."""
        template = self.labels[key]
        parts: list[str] = []
        for literal, name, _spec, _conv in Formatter().parse(template):
            parts.append(md_escape(literal, at_line_start=not parts))
            if name is not None:
                parts.append(md_escape(values.get(name, "")))
        return Markup("".join(parts))

    def date(self, value) -> Markup:
        return Markup(md_escape(format_date(str(value), self.locale))) if value else Markup("")

    def facts_on(self, *topics: str) -> list[FactView]:
        return [f for f in self.views.facts if set(f.topics) & set(topics)]

    # -- figures --------------------------------------------------------------
    def timeline(self, caption: str | None = None) -> Markup:
        # The dated facts this brief prints: the reader's own chronology, each
        # event once even when several facts report it in the same words.
        events: dict[tuple, d.TimelineEvent] = {}
        disputed = self._disputed_facts()
        for fact in self.views.facts:
            if fact.date and fact.id in self.timeline_facts:
                event = self._event(fact, fact.id in disputed)
                key = (event.start, event.end, event.text)
                events[key] = _disputed_if(events.get(key), event)
        ordered = [event for _, event in in_date_order(events.values())]
        if not ordered:
            return Markup("")
        figure_id = f"figure-{len(self.figures) + 1}"
        text = caption if caption is not None else self.labels["timeline"]
        self.figures[figure_id] = d.Figure(d.Timeline(tuple(ordered)), (d.Text(str(text)),))
        return Markup(figure_directive(figure_id))

    def _event(self, fact: FactView, disputed: bool) -> d.TimelineEvent:
        start, _, end = (fact.date or "").partition("/")
        return d.TimelineEvent(start, end or start, str(fact.date_label), str(fact.text),
                               disputed, self._disputed_label() if disputed else "")

    def _disputed_facts(self) -> frozenset[str]:
        """Facts giving one side of a disagreement (a claim key with two values)."""
        return frozenset(fact.id for disagreement in self.views.disagreements
                         for value in disagreement.values for fact in value.facts)

    def _disputed_label(self) -> str:
        # Date labels arrive transliterated (format_date); so does this mark,
        # as finish_script converts only an event's label and text.
        label = self.labels["timeline-disputed"]
        return to_cyrillic(label) if is_cyrillic(self.locale) else label


def _disputed_if(seen: d.TimelineEvent | None, event: d.TimelineEvent) -> d.TimelineEvent:
    """One event for facts reported in the same words: disputed if either is."""
    return seen if seen is not None and (seen.disputed or not event.disputed) else event
