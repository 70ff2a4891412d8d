"""Composition as a pure function: priorities, budget trimming, what is left out.

Small selections built by hand; no template, no file.
"""

from __future__ import annotations

from briefgen.compose import Profile, compose, left_out_summary, plan
from briefgen.inputs.schema import Fact, Judgement, Recommendation, Source
from briefgen.select import Citation, Selection

SOURCES = {
    "good": Source.model_validate({"id": "good", "type": "report", "title": "T",
                                   "reliability": "A"}),
    "poor": Source.model_validate({"id": "poor", "type": "report", "title": "T",
                                   "reliability": "D"}),
}


def fact(fid: str, topics=(), date=None, source="good", credibility=2, claims=None) -> Fact:
    data = {"id": fid, "text": f"Fact {fid}.", "topics": list(topics),
            "sources": [{"source": source, "credibility": credibility}],
            "claims": claims or {}}
    if date:
        data["date"] = date
    return Fact.model_validate(data)


def judgement(jid: str, basis, key=False, indicators=(), **extra) -> Judgement:
    return Judgement.model_validate({"id": jid, "text": f"j {jid}", "likelihood": "likely",
                                     "confidence": "moderate", "basis": list(basis), "key": key,
                                     "indicators": list(indicators), **extra})


def rec(rid: str, basis) -> Recommendation:
    return Recommendation.model_validate({"id": rid, "text": f"Do {rid}.", "basis": list(basis)})


def selection(facts, judgements=(), recommendations=()) -> Selection:
    citations = {f.id: tuple(Citation(c.source, c.credibility, None, None) for c in f.sources)
                 for f in facts}
    ids = frozenset(f.id for f in facts) | {j.id for j in judgements}
    return Selection(tuple(facts), tuple(judgements), tuple(recommendations), dict(SOURCES),
                     frozenset(SOURCES), ids, citations)


def profile(topics=None, lead=()) -> Profile:
    return Profile("aud", tuple(topics) if topics is not None else None,
                   ("arms", "eu", "economy", "police"), tuple(lead))


def test_lead_opens_and_the_best_matching_key_judgement_closes_the_bottom_line():
    facts = [fact("lead"), fact("a1", ["arms"]), fact("e1", ["eu"])]
    sel = selection(facts, [judgement("on-eu", ["e1"], key=True),
                            judgement("on-arms", ["a1"], key=True)])
    for_arms = compose(sel, profile(["arms", "eu"], lead=["lead"]))
    for_eu = compose(sel, profile(["eu", "arms"], lead=["lead"]))
    assert for_arms.lead == ("lead",)
    assert (for_arms.bottom_line, for_arms.key_judgements) == ("on-arms", ("on-eu",))
    assert (for_eu.bottom_line, for_eu.key_judgements) == ("on-eu", ("on-arms",))


def test_nothing_in_the_bottom_line_is_printed_again():
    facts = [fact("lead", ["arms"]), fact("a1", ["arms"])]
    sel = selection(facts, [judgement("k", ["lead", "a1"], key=True)])
    out = compose(sel, profile(["arms"], lead=["lead"]))
    assert out.facts.count("lead") == 1 and "lead" not in out.background[0].facts
    assert "k" not in out.key_judgements


def test_every_printed_judgement_keeps_a_fact_it_rests_on_even_with_nothing_else():
    facts = [fact(f"f{i}", ["eu"]) for i in range(6)]
    sel = selection(facts, [judgement("k1", ["f1", "f2"], key=True),
                            judgement("k2", ["f4"], key=True)])
    out = compose(sel, profile(["eu"]), keep=0)
    printed = set(out.facts)
    assert {"f1", "f4"} <= printed or {"f2", "f4"} <= printed
    assert not {"f0", "f3", "f5"} & printed  # further facts are optional


def test_background_follows_the_audiences_topic_order_with_titles_from_topics():
    facts = [fact("lead"), fact("e", ["eu"]), fact("a", ["arms"]), fact("p", ["police"]),
             fact("x")]
    out = compose(selection(facts), profile(["police", "eu", "arms"], lead=["lead"]))
    assert [s.topic for s in out.background] == ["police", "eu", "arms"]
    # a fact with no topic an audience follows is not "further" material
    assert "x" not in out.facts


def test_a_fact_is_placed_once_under_its_best_ranked_topic():
    facts = [fact("both", ["arms", "eu"]), fact("e", ["eu"]), fact("lead")]
    out = compose(selection(facts), profile(["eu", "arms"], lead=["lead"]))
    assert out.background[0].topic == "eu"
    assert out.facts.count("both") == 1


def test_further_facts_rank_by_topic_then_grade_then_date():
    facts = [fact("late-good", ["eu"], "2025-03"), fact("poor", ["eu"], "2025-01", "poor"),
             fact("early-good", ["eu"], "2025-01"), fact("arms", ["arms"], "2024"), fact("lead")]
    units = [u.id for u in plan(selection(facts), profile(["eu", "arms"], lead=["lead"])).units
             if u.kind == "fact"]
    assert units == ["early-good", "late-good", "poor", "arms"]


def test_trimming_drops_the_lowest_priority_first_and_reports_it():
    facts = [fact(f"f{i}", ["eu"], f"2025-01-{i + 10}") for i in range(5)]
    sel = selection(facts, [judgement("k", ["f0"], key=True, indicators=["watch"]),
                            judgement("other", ["f1"])], [rec("r", ["other"])])
    full = compose(sel, profile(["eu"]))
    kinds = [u.kind for u in plan(sel, profile(["eu"])).units]
    # README: the source summary comes before other judgements and further
    # facts, the legend last.
    assert kinds == ["indicators", "sources", "judgement", "recommendation", "fact", "fact",
                     "fact", "timeline", "legend"]
    assert full.legend and full.source_summary and full.timeline
    short = compose(sel, profile(["eu"]), keep=4)
    assert short.recommendations == ("r",) and short.source_summary and not short.legend
    assert left_out_summary(short) == "3 facts, the timeline and the legend"


def test_a_key_judgement_brings_two_facts_before_the_rest_of_the_argument():
    facts = [fact(f"f{i}", ["eu"]) for i in range(5)] + [fact("g", ["eu"])]
    sel = selection(facts, [judgement("k", [f"f{i}" for i in range(5)], key=True,
                                      indicators=["watch"]),
                            judgement("other", ["g"])])
    order = [(u.kind, u.id) for u in plan(sel, profile(["eu"])).units]
    second = [o for o in order if o[0] == "fact"][0]
    assert order.index(second) < order.index(("indicators", "k"))
    # The remaining basis facts follow the source summary and other judgements.
    third = [o for o in order if o[0] == "fact"][1]
    assert order.index(("sources", "sources")) < order.index(("judgement", "other")) \
        < order.index(third)


def test_a_recommendation_never_appears_without_its_judgement():
    facts = [fact("f", ["eu"]), fact("g", ["eu"])]
    sel = selection(facts, [judgement("k", ["f"], key=True), judgement("other", ["g"])],
                    [rec("follows-k", ["k"]), rec("follows-other", ["other"]),
                     rec("follows-hidden", ["not-visible"])])
    p = plan(sel, profile(["eu"]))
    order = [u.id for u in p.units]
    assert order.index("other") < order.index("follows-other")
    assert "follows-hidden" in [u.id for u in p.excluded]
    cut = compose(sel, profile(["eu"]), keep=order.index("other"))
    # One following a key judgement comes early; one following another
    # judgement only once that judgement is printed.
    assert cut.recommendations == ("follows-k",) and cut.other_judgements == ()


def test_disagreements_appear_only_among_printed_facts():
    facts = [fact("said-2020", ["eu"], claims={"year": 2020}),
             fact("said-2022", ["arms"], claims={"year": 2022}), fact("k-basis", ["eu"])]
    sel = selection(facts, [judgement("k", ["said-2020"], key=True)])
    p = plan(sel, profile(["eu", "arms"]))
    order = [u.id for u in p.units]
    # the disagreement comes right after the fact that makes it one
    assert order.index("year") == order.index("said-2022") + 1
    assert compose(sel, profile(["eu", "arms"]), keep=order.index("said-2022")).disagreements \
        == ()
    assert compose(sel, profile(["eu", "arms"])).disagreements == ("year",)


def test_other_judgements_bring_their_facts_and_indicators():
    facts = [fact("k", ["eu"]), fact("o", ["economy"])]
    sel = selection(facts, [judgement("key", ["k"], key=True),
                            judgement("other", ["o"], indicators=["a sign"])])
    out = compose(sel, profile(["eu"]))
    assert out.other_judgements == ("other",) and "o" in out.facts
    assert "other" in out.indicators


def test_without_key_judgements_or_lead_the_bottom_line_is_never_empty():
    facts = [fact("a", ["eu"]), fact("b", ["eu"])]
    only_facts = compose(selection(facts), profile(["eu"]))
    assert only_facts.lead == ("a",) and only_facts.bottom_line is None
    promoted = compose(selection(facts, [judgement("j", ["b"])]), profile(["eu"]))
    assert promoted.bottom_line == "j" and promoted.other_judgements == ()


def test_an_audience_without_topics_gets_every_fact():
    facts = [fact("a", ["eu"]), fact("b", ["police"]), fact("c")]
    assert set(compose(selection(facts), profile(None)).facts) == {"a", "b", "c"}
