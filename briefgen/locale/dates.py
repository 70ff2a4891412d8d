"""Dates as a reader expects them: "20 July 2025" / "20. jul 2025." / "20. јул 2025."."""

from __future__ import annotations

from . import is_cyrillic, to_cyrillic

# Month words, Serbian in the three cases a date uses: "20. jul 2025.",
# "14. jula" (genitive), "u julu" (locative; the timeline finds these in text).
EN_MONTHS = ("January February March April May June July August September October "
             "November December").split()
SR_MONTHS = ("januar februar mart april maj jun jul avgust septembar oktobar novembar "
             "decembar").split()
SR_MONTHS_GENITIVE = ("januara februara marta aprila maja juna jula avgusta septembra "
                      "oktobra novembra decembra").split()
SR_MONTHS_LOCATIVE = ("januaru februaru martu aprilu maju junu julu avgustu septembru "
                      "oktobru novembru decembru").split()


def _parts(value: str) -> tuple[int, int | None, int | None]:
    pieces = [int(p) for p in value.split("-")]
    month = pieces[1] if len(pieces) > 1 else None
    return pieces[0], month, (pieces[2] if len(pieces) > 2 else None)


def format_date(value: str, locale: str) -> str:
    """A date, month or year, or an interval ``start/end``."""
    if not value:
        return ""
    start, _, end = str(value).partition("/")
    text = _interval(start, end, locale) if end and end != start else _single(start, locale)
    return to_cyrillic(text) if is_cyrillic(locale) else text


def _serbian(locale: str) -> bool:
    return locale.lower().startswith("sr")


def _single(value: str, locale: str) -> str:
    year, month, day = _parts(value)
    if _serbian(locale):
        month_name = SR_MONTHS[month - 1] if month else ""
        return " ".join(p for p in (f"{day}." if day else "", month_name, f"{year}.") if p)
    month_name = EN_MONTHS[month - 1] if month else ""
    return " ".join(p for p in (str(day) if day else "", month_name, str(year)) if p)


def _interval(start: str, end: str, locale: str) -> str:
    (y1, m1, d1), (y2, m2, d2) = _parts(start), _parts(end)
    if y1 == y2 and m1 == m2 and d1 and d2:  # 19–28 July 2025 / 19–28. jul 2025.
        day_sep = "." if _serbian(locale) else ""
        return f"{d1}{day_sep}–{_single(end, locale)}"
    return f"{_single(start, locale)} – {_single(end, locale)}"
