"""The shape of every input file (``../shared/spec/inputs.md``), as pydantic models.

Field names are the spec's kebab-case keys (aliases). Value checks that need
the whole case (references, cycles, releasability) live in ``validate.py``.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

LIKELIHOODS = (
    "almost-no-chance", "very-unlikely", "unlikely", "roughly-even-chance",
    "likely", "very-likely", "almost-certain",
)
CONFIDENCES = ("low", "moderate", "high")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"`{value}` is not a valid id: use lower-case letters, digits and "
                         "hyphens, starting with a letter or digit")
    return value


def _check_source_id(value: str) -> str:
    # CSL citation keys: any text without white space, so a Zotero export's
    # ids (`http://zotero.org/users/1/items/ABCD1234`) work as they are.
    if not value or any(ch.isspace() for ch in value):
        raise ValueError(f"`{value}` is not a valid source id: use any text without spaces")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_too_short", "blank text")
    return value


def is_language_tag(value: str) -> bool:
    return bool(_LANG.match(value))


def _check_lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"`{value}` is not a BCP 47 language tag (e.g. en, sr, sr-Cyrl)")
    return value


def check_date(value: str) -> str:
    """A date, month or year (``2025-07-19``, ``2025-07``, ``2025``); impossible dates fail."""
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"`{value}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(match[1])
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if month is None:
        return value
    if not 1 <= month <= 12:
        raise ValueError(f"`{value}` has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"`{value}` is not a real date: {calendar.month_name[month]} "
                         f"{year} has {calendar.monthrange(year, month)[1]} days")
    return value


def check_date_parts(parts: list) -> str:
    """CSL `date-parts` ([[2025, 7, 20]]) as an ISO partial date, checked like a string date."""
    if not parts or not parts[0] or len(parts[0]) > 3:
        raise ValueError("`date-parts` must be [[year]], [[year, month]] or [[year, month, day]]")
    try:
        numbers = [int(p) for p in parts[0]]
    except (TypeError, ValueError):
        raise ValueError(f"`date-parts` {parts[0]} must be whole numbers") from None
    if not 0 <= numbers[0] <= 9999:
        raise ValueError(f"`date-parts` year {numbers[0]} is not a year (0–9999)")
    text = "-".join([f"{numbers[0]:04d}"] + [f"{n:02d}" if 0 <= n < 100 else str(n)
                                             for n in numbers[1:]])
    return check_date(text)


def _check_period(value: str) -> str:
    """A date or an interval ``start/end`` with start <= end."""
    start, sep, end = value.partition("/")
    check_date(start)
    if sep:
        check_date(end)
        if end < start[: len(end)]:
            raise ValueError(f"interval `{value}` ends before it starts")
    return value


def _as_date_string(value):
    # YAML people write `date: 2020` (an int); a date is text to us.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _as_list(value):
    return [value] if isinstance(value, str) else value


def _check_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value, re.IGNORECASE):
        raise ValueError(f"URL `{value}` is not an http(s) address; only http:// and "
                         "https:// links are allowed")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
Lang = Annotated[str, AfterValidator(_check_lang)]
DateText = Annotated[str, BeforeValidator(_as_date_string), AfterValidator(check_date)]
Period = Annotated[str, BeforeValidator(_as_date_string), AfterValidator(_check_period)]
Url = Annotated[str, AfterValidator(_check_url)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
SourceId = Annotated[str, AfterValidator(_check_source_id)]
Text = NonEmpty | dict[Lang, NonEmpty]
Groups = list[NonEmpty]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Topic(Strict):
    """One entry of the desk's topic vocabulary: its id and its heading per language."""

    id: Id
    title: Text


class ClaimLabel(Strict):
    """How the "where sources disagree" table names a claim key."""

    label: Text


class CaseFile(Strict):
    title: Text
    as_of: DateText = Field(alias="as-of")
    author: Text | None = None
    language: Lang = "en"
    audiences: list[Id] = Field(min_length=1)
    default_releasable_to: Groups = Field(default=["all"], alias="default-releasable-to")
    lead: list[Id] = []
    topics: list[Topic] = []
    latin_terms: list[NonEmpty] = Field(default=[], alias="latin-terms")
    claims: dict[NonEmpty, ClaimLabel] = {}


class Name(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)  # CSL name particles etc.
    family: str | None = None
    given: str | None = None
    literal: str | None = None


class CslDate(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)
    date_parts: list[list[int | str]] | None = Field(default=None, alias="date-parts")
    raw: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _real_date(self) -> CslDate:
        if self.date_parts is not None:
            check_date_parts(self.date_parts)
        return self


class Source(BaseModel):
    # CSL items carry many optional variables (a Zotero export has plenty);
    # keys outside CSL and briefgen are caught in validate.py, with a hint.
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)
    id: SourceId
    type: NonEmpty
    title: NonEmpty
    author: list[Name] = []
    container_title: str | None = Field(default=None, alias="container-title")
    # CSL's abbreviation of the outlet ("RFE/RL"); briefgen also takes a Text,
    # as readers abbreviate an outlet in their own language ("RSE" in Serbian).
    container_title_short: Text | None = Field(default=None, alias="container-title-short")
    publisher: str | None = None
    publisher_place: str | None = Field(default=None, alias="publisher-place")
    issued: DateText | CslDate | None = None
    accessed: DateText | CslDate | None = None
    URL: Url | None = None
    language: NonEmpty | None = None  # a BCP 47 tag; Zotero's free text is kept (check warns)
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    releasable_to: Groups | None = Field(default=None, alias="releasable-to")
    descriptor: NonEmpty | None = None


class Citation(Strict):
    source: SourceId
    credibility: Annotated[int, Field(ge=1, le=6, strict=True)]
    locator: str | None = None
    quote: str | None = None


# A value as written, or a Text when it needs words in each language
# (`{en: US European Command, sr: Evropska komanda SAD}`).
ClaimValue = str | int | float | bool | dict[Lang, NonEmpty]


class Fact(Strict):
    id: Id
    text: Text
    date: Period | None = None
    topics: list[NonEmpty] = []
    sources: list[Citation] = Field(min_length=1)
    claims: dict[NonEmpty, ClaimValue] = {}
    releasable_to: Groups | None = Field(default=None, alias="releasable-to")


class Judgement(Strict):
    id: Id
    text: Text
    likelihood: Literal[LIKELIHOODS]  # type: ignore[valid-type]
    confidence: Literal[CONFIDENCES]  # type: ignore[valid-type]
    basis: list[Id] = Field(min_length=1)
    key: bool = False
    audiences: list[Id] | None = None
    implications: dict[Id, Text] = {}
    indicators: list[Text] = []
    releasable_to: Groups | None = Field(default=None, alias="releasable-to")


class Recommendation(Strict):
    id: Id
    text: Text
    audiences: list[Id] | None = None
    basis: list[Id] = []
    releasable_to: Groups | None = Field(default=None, alias="releasable-to")


class AudienceFile(Strict):
    title: Text
    # One locale, or several to build the same brief in each (the first is the
    # main output, e.g. `[sr-Latn, sr-Cyrl]`); one is read as a list of one.
    locale: Annotated[list[Lang], BeforeValidator(_as_list), Field(min_length=1)]
    access: Groups = Field(min_length=1)
    marking: NonEmpty | None = None
    topics: list[NonEmpty] | None = None
    pages: Annotated[int, Field(ge=1, le=200, strict=True)] | None = None
    template: NonEmpty = "brief.md.j2"

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.locale))


# CSL 1.0.2 variables (and Zotero's extras) that may sit on a source unflagged.
CSL_VARIABLES = frozenset("""
abstract annote archive archive_collection archive_location archive-place authority
call-number chapter-number citation-key citation-label citation-number collection-number
collection-title container-title container-title-short dimensions division DOI edition
event event-title event-place first-reference-note genre ISBN ISSN issue jurisdiction
keyword language license locator medium note number number-of-pages number-of-volumes
original-publisher original-publisher-place original-title page page-first part-number
part-title PMCID PMID printing-number publisher publisher-place references reviewed-genre
reviewed-title scale section source status supplement-number title title-short URL
version volume volume-title year-suffix accessed available-date event-date issued
original-date submitted author chair collection-editor compiler composer container-author
contributor curator director editor editorial-director executive-producer guest host
interviewer illustrator narrator organizer original-author performer producer recipient
reviewed-author script-writer series-creator translator id type categories shortTitle
journalAbbreviation
""".split())
BRIEFGEN_SOURCE_KEYS = frozenset({"reliability", "releasable-to", "descriptor"})
