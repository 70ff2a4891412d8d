"""Locales: which text of a multilingual input an audience reads, labels, dates."""

from __future__ import annotations

from .script import to_cyrillic

__all__ = ["text_key", "resolve_text", "text_languages", "to_cyrillic", "is_cyrillic"]


def text_key(locale: str) -> str:
    """The key a Text mapping needs for a locale: `sr` for both Serbian scripts."""
    return "sr" if locale.lower().startswith("sr") else locale.split("-")[0]


def is_cyrillic(locale: str) -> bool:
    return locale.lower() in ("sr-cyrl", "sr-cyrl-rs")


def text_languages(locale: str) -> list[str]:
    """Keys of a Text mapping that serve a locale, best first.

    ``en-GB`` reads ``en-GB`` then ``en``; ``sr-Latn`` reads ``sr-Latn`` then
    ``sr``; ``sr-Cyrl`` reads ``sr-Cyrl`` (and, transliterated, ``sr``).
    """
    parts = locale.split("-")
    if is_cyrillic(locale):
        return [locale, "sr-Cyrl"]  # never the Latin `sr`: that one is transliterated
    keys = [locale]
    if len(parts) > 1:
        keys.append(parts[0])
    if parts[0].lower() == "sr" and not is_cyrillic(locale):
        keys.append("sr-Latn")
    return list(dict.fromkeys(keys))


def resolve_text(text, locale: str, case_language: str,
                 latin_terms: tuple[str, ...] = ()) -> str | None:
    """The string of ``text`` for ``locale``, or None when the input lacks it.

    A Cyrillic reader of a Serbian Latin text gets it transliterated, keeping
    the case's ``latin_terms`` (names) in Latin."""
    if text is None:
        return None
    if isinstance(text, str):
        return _plain(text, locale, case_language, latin_terms)
    lowered = {k.lower(): v for k, v in text.items()}
    for key in text_languages(locale):
        if key.lower() in lowered:
            return lowered[key.lower()]
    if is_cyrillic(locale):
        latin = lowered.get("sr") or lowered.get("sr-latn")
        if latin is not None:
            return to_cyrillic(latin, latin_terms)
    return None


def _plain(text: str, locale: str, case_language: str,
           latin_terms: tuple[str, ...]) -> str | None:
    language = case_language.lower()
    if language == locale.lower() or language in [k.lower() for k in text_languages(locale)]:
        return text
    if is_cyrillic(locale) and language in ("sr", "sr-latn"):
        return to_cyrillic(text, latin_terms)
    return None
