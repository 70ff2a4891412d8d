"""Fixed words a briefing prints, per language (conventions.md)."""

from __future__ import annotations

from . import is_cyrillic, to_cyrillic

_EN = {
    "almost-no-chance": "almost no chance",
    "very-unlikely": "very unlikely",
    "unlikely": "unlikely",
    "roughly-even-chance": "roughly even chance",
    "likely": "likely",
    "very-likely": "very likely",
    "almost-certain": "almost certain",
    "low": "low",
    "moderate": "moderate",
    "high": "high",
    "we-assess": "We assess it is {likelihood} ({band}) that {text}.",
    "we-assess-chance": "We assess there is {likelihood} ({band}) that {text}.",
    "confidence-sentence": "{Confidence} confidence.",
    "confidence": "Confidence",
    "likelihood": "Likelihood",
    "edition": "Edition",
    "page": "Page",
    "of": "of",
    "timeline": "Timeline of dated facts",
    "source": "Source",
    "grade": "Grade",
    "reliability": "Reliability",
    "key-judgements-resting": "Key judgements resting on it",
    "none": "none",
    "and": "and",
    "restricted-source": "restricted source",
    "changes-since": "Changes since edition {n}",
    "added": "Added",
    "removed": "Removed",
    "corrected": "Corrected",
    "judgement-moved": "{text}: {old} → {new}",
    "reliability-A": "completely reliable",
    "reliability-B": "usually reliable",
    "reliability-C": "fairly reliable",
    "reliability-D": "not usually reliable",
    "reliability-E": "unreliable",
    "reliability-F": "reliability cannot be judged",
    "credibility-1": "confirmed by other sources",
    "credibility-2": "probably true",
    "credibility-3": "possibly true",
    "credibility-4": "doubtful",
    "credibility-5": "improbable",
    "credibility-6": "truth cannot be judged",
    "confidence-legend-high": "High: based on high-quality information; still not a certainty.",
    "confidence-legend-moderate": "Moderate: credibly sourced and plausible, but not "
                                  "corroborated enough for high.",
    "confidence-legend-low": "Low: fragmentary, poorly corroborated or questionable information.",
    "disagree-value": "{value} ({sources})",
    "quote-open": "\u201c",
    "quote-close": "\u201d",
}

_SR = {
    "almost-no-chance": "gotovo isključeno",
    "very-unlikely": "vrlo malo verovatno",
    "unlikely": "malo verovatno",
    "roughly-even-chance": "podjednako verovatno",
    "likely": "verovatno",
    "very-likely": "vrlo verovatno",
    "almost-certain": "gotovo izvesno",
    "low": "niska",
    "moderate": "umerena",
    "high": "visoka",
    "we-assess": "Procenjujemo da je {likelihood} ({band}) da {text}.",
    "we-assess-chance": "Procenjujemo da je {likelihood} ({band}) da {text}.",
    "confidence-sentence": "Pouzdanost: {confidence}.",
    "confidence": "Pouzdanost",
    "likelihood": "Verovatnoća",
    "edition": "Izdanje",
    "page": "Strana",
    "of": "od",
    "timeline": "Hronologija datiranih činjenica",
    "source": "Izvor",
    "grade": "Ocena",
    "reliability": "Pouzdanost izvora",
    "key-judgements-resting": "Ključne procene koje se na njega oslanjaju",
    "none": "nema",
    "and": "i",
    "restricted-source": "izvor ograničenog pristupa",
    "changes-since": "Izmene od izdanja {n}",
    "added": "Dodato",
    "removed": "Uklonjeno",
    "corrected": "Ispravljeno",
    "judgement-moved": "{text}: {old} → {new}",
    "reliability-A": "potpuno pouzdan",
    "reliability-B": "uglavnom pouzdan",
    "reliability-C": "prilično pouzdan",
    "reliability-D": "uglavnom nepouzdan",
    "reliability-E": "nepouzdan",
    "reliability-F": "pouzdanost se ne može proceniti",
    "credibility-1": "potvrđeno iz drugih izvora",
    "credibility-2": "verovatno tačno",
    "credibility-3": "možda tačno",
    "credibility-4": "sumnjivo",
    "credibility-5": "malo verovatno",
    "credibility-6": "istinitost se ne može proceniti",
    "confidence-legend-high": "Visoka: zasnovano na kvalitetnim informacijama; ipak nije "
                              "izvesnost.",
    "confidence-legend-moderate": "Umerena: verodostojni izvori i uverljivo, ali nedovoljno "
                                  "potvrđeno za visoku.",
    "confidence-legend-low": "Niska: fragmentarne, slabo potvrđene ili upitne informacije.",
    "disagree-value": "{value} ({sources})",
    "quote-open": "\u201e",
    "quote-close": "\u201c",
}

BANDS = {
    "almost-no-chance": "1–5 %",
    "very-unlikely": "5–20 %",
    "unlikely": "20–45 %",
    "roughly-even-chance": "45–55 %",
    "likely": "55–80 %",
    "very-likely": "80–95 %",
    "almost-certain": "95–99 %",
}


def labels_for(locale: str) -> dict[str, str]:
    """The label table for a locale: English, Serbian Latin or Serbian Cyrillic."""
    if locale.lower().startswith("sr"):
        if is_cyrillic(locale):
            return {k: to_cyrillic(v) for k, v in _SR.items()}
        return dict(_SR)
    return dict(_EN)
