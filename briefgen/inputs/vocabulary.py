"""Checks of the words a brief prints for ids: topics, claim keys, the lead.

A brief never shows a topic id or a claim key as text, so every topic a fact
or an audience names must be declared (``inputs/topics.yaml`` or the case's
``topics``) and every claim key labelled (the case's ``claims``), each with a
text in every language its audiences read.
"""

from __future__ import annotations

from ..errors import did_you_mean
from ..locale import text_key
from ..model import Case
from .case import Reading


def _declare_hint(topic: str) -> str:
    return (f"; declare it in inputs/topics.yaml or the case's `topics` "
            f"(`- id: {topic}` with a `title`)")


def check_fact_topics(case: Case, reading: Reading) -> None:
    for fact in case.facts:
        for index, topic in enumerate(fact.topics):
            if topic not in case.topics:
                reading.error(f"fact `{fact.id}` names undeclared topic `{topic}`"
                              f"{did_you_mean(topic, case.topics)}{_declare_hint(topic)}",
                              reading.at("fact", fact.id, "topics", index))


def check_audience_topics(case: Case, reading: Reading) -> None:
    for audience in case.audiences.values():
        loaded = reading.parsed.get(audience.file)
        for index, topic in enumerate(audience.spec.topics or []):
            if topic not in case.topics and loaded is not None:
                reading.error(f"audience `{audience.id}` follows undeclared topic `{topic}`"
                              f"{did_you_mean(topic, case.topics)}{_declare_hint(topic)}",
                              loaded.location(("topics", index)))


def check_topic_titles(case: Case, reading: Reading) -> None:
    used = {t for f in case.facts for t in f.topics}
    for audience in case.readers():
        for topic_id in used & set(case.topics):
            title = case.topics[topic_id].title
            if case.text(title, audience.locale) is None:
                reading.error(f"topic `{topic_id}` has no title for locale {audience.locale}, "
                              f"which audience `{audience.id}` reads; add "
                              f"`{text_key(audience.locale)}: ...` to its title",
                              reading.at("topic", topic_id, "title"))


def check_unfollowed_topics(case: Case, reading: Reading) -> None:
    if any(a.spec.topics is None for a in case.audiences.values()):
        return  # an audience without a topic list follows every topic
    followed = {t for a in case.audiences.values() for t in a.spec.topics or []}
    for fact in case.facts:
        for index, topic in enumerate(fact.topics):
            if topic in case.topics and topic not in followed:
                followed.add(topic)  # say it once
                reading.warning(f"topic `{topic}` is followed by no audience of this case, so "
                                "its facts reach a brief only as the basis of a judgement; add "
                                "it to an audience's `topics`",
                                reading.at("fact", fact.id, "topics", index))


def check_lead(case: Case, reading: Reading) -> None:
    facts = {f.id for f in case.facts}
    loaded = reading.parsed[case.dir / "case.yaml"]
    for index, ref in enumerate(case.meta.lead):
        if ref not in facts and ("fact", ref) not in reading.broken \
                and "fact" not in reading.unreadable:
            reading.error(f"`lead` names unknown fact `{ref}`{did_you_mean(ref, sorted(facts))}",
                          loaded.location(("lead", index)))


def check_claim_labels(case: Case, reading: Reading) -> None:
    labels = case.meta.claims
    for fact in case.facts:
        for claim in fact.claims:
            if claim not in labels:
                reading.error(f"claim `{claim}` of fact `{fact.id}` has no label; add it to "
                              f"`claims` in case.yaml: `{claim}: {{label: ...}}`"
                              f"{did_you_mean(claim, labels)}",
                              reading.at("fact", fact.id, "claims", claim, key=True))
    _check_claim_value_texts(case, reading)
    loaded = reading.parsed[case.dir / "case.yaml"]
    for audience in case.readers():
        for claim, entry in labels.items():
            if case.text(entry.label, audience.locale) is None:
                reading.error(f"claim `{claim}` has no label for locale {audience.locale}, "
                              f"which audience `{audience.id}` reads; add "
                              f"`{text_key(audience.locale)}: ...`",
                              loaded.location(("claims", claim, "label")))


def _check_claim_value_texts(case: Case, reading: Reading) -> None:
    """A claim value given per language needs a text for each reader."""
    for fact in case.facts:
        for claim, value in fact.claims.items():
            if not isinstance(value, dict):
                continue
            for audience in case.readers():
                if case.text(value, audience.locale) is None:
                    reading.error(f"claim `{claim}` of fact `{fact.id}` has no value for locale "
                                  f"{audience.locale}, which audience `{audience.id}` reads; "
                                  f"add `{text_key(audience.locale)}: ...`",
                                  reading.at("fact", fact.id, "claims", claim))
                    break


VOCABULARY_CHECKS = [
    check_fact_topics,
    check_audience_topics,
    check_topic_titles,
    check_unfollowed_topics,
    check_lead,
    check_claim_labels,
]
