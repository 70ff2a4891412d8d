"""Serbian Latin → Cyrillic (briefgen.locale.script; conventions.md, "Serbian")."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from briefgen.locale import to_cyrillic

# --- Serbian text is transliterated -----------------------------------------

@pytest.mark.parametrize("latin, cyrillic", [
    ("Beograd", "Београд"),
    ("EU", "ЕУ"),
    ("NATO", "НАТО"),
    ("NATO-a", "НАТО-а"),
    ("Vučić", "Вучић"),
    ("SAD", "САД"),
    ("Đorđe Šćepanović", "Ђорђе Шћепановић"),
    ("Radio Free Europe", "Радио Фрее Еуропе"),  # no q/w/x/y: Serbian letters only
    ("Kosovo Online", "Косово Онлине"),           # a name only latin_terms can keep
    ("u SAD 2024. godine", "у САД 2024. године"),  # a year, not a designation
    ("SAD 2. jula", "САД 2. јула"),               # an ordinal date, not "SAD 2"
    ("20. jul 2025.", "20. јул 2025."),
    ("1990-ih", "1990-их"),                       # a number with a Serbian ending
    ("10-godišnji plan", "10-годишњи план"),
    ("i/ili", "и/или"),
    ("A onda", "А онда"),                         # a lone capital A is a word
])
def test_serbian_is_transliterated(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("latin, cyrillic", [
    ("lj", "љ"), ("Lj", "Љ"), ("LJ", "Љ"),
    ("nj", "њ"), ("Nj", "Њ"), ("NJ", "Њ"),
    ("dž", "џ"), ("Dž", "Џ"), ("DŽ", "Џ"),
    ("Ljubljana", "Љубљана"), ("LJUBLJANA", "ЉУБЉАНА"),
    ("Njegoš", "Његош"), ("NJEGOŠ", "ЊЕГОШ"),
    ("Džep", "Џеп"), ("DŽEP", "ЏЕП"),
    ("ǅep ǉubav ǌiva", "Џеп љубав њива"),  # the one-character digraphs
])
def test_letter_case(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


# --- digraph exceptions -------------------------------------------------------

@pytest.mark.parametrize("latin, cyrillic", [
    ("injekcija", "инјекција"),
    ("Injekcija", "Инјекција"),
    ("INJEKCIJA", "ИНЈЕКЦИЈА"),
    ("konjugacija", "конјугација"),
    ("konjunktura", "конјунктура"),
    ("Tanjug", "Танјуг"),
    ("vanjezički", "ванјезички"),
    # inside words, after a prefix
    ("izvanjezički", "изванјезички"),
    ("neinjektiran", "неинјектиран"),
    ("nekonjugovan", "неконјугован"),
    # ordinary nj is still one letter, also next to an exception
    ("konj", "коњ"),
    ("njiva", "њива"),
    ("konjanik i injekcija", "коњаник и инјекција"),
])
def test_nj_exceptions(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("latin, cyrillic", [
    # a real digraph, although a prefix seems to start the word
    ("odžak", "оџак"),
    ("Odžaci", "Оџаци"),
    ("ODŽAK", "ОЏАК"),
    ("odžačar", "оџачар"),
    ("nadžak", "наџак"),
    ("džep", "џеп"),
    ("narudžba", "наруџба"),
    ("pidžama", "пиџама"),
    # prefix nad-, od-, pod-, pred- before a stem in ž: two letters
    ("nadživeti", "надживети"),
    ("Nadživeo", "Надживео"),
    ("nadživljavati", "надживљавати"),
    ("nadžnjeti", "наджњети"),
    ("podžanr", "поджанр"),
    ("podžupan", "поджупан"),
    ("podželudačna", "поджелудачна"),
    ("odžaliti", "оджалити"),
    ("odživeti", "одживети"),
    ("predželudac", "преджелудац"),
    ("PREDŽELUDAC", "ПРЕДЖЕЛУДАЦ"),
])
def test_dz_exceptions(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_dz_exception_only_at_word_start():
    # "nadživ" inside a word is not the prefix: the digraph stands.
    assert to_cyrillic("xnadživ") == "xnadživ"  # foreign word: stays Latin
    assert to_cyrillic("ranadživa") == "ранаџива"


# --- what stays Latin ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "RKS News",
    "Kyiv",
    "Wolfram",
    "Byrne's",
    "Müller",
    "Institute for the Study of War",
    "CH-92A", "FK-3", "B2", "F-16", "Mi-35", "S-300", "AN/TPS-77", "COVID-19",
    "ICD 203", "STANAG 2511",
    "A–F", "A-F", "B–C",
    "https://www.rferl.org/a/serbia?x=1",
    "www.danas.rs/vesti",
    "press@vlada.gov.rs",
    "TLP:GREEN", "TLP:AMBER+STRICT",
])
def test_stays_latin(text):
    assert to_cyrillic(text) == text


@pytest.mark.parametrize("latin, cyrillic", [
    ("Sistem FK-3 je kupljen", "Систем FK-3 је купљен"),
    ("Javio je RKS News.", "Јавио је RKS News."),
    ("Prema RKS News, vežba je počela.", "Према RKS News, вежба је почела."),
    ("RKS News je javio", "RKS News је јавио"),
    ("Kako Sky News javlja, Beograd ćuti.", "Како Sky News јавља, Београд ћути."),
    ("Institute for the Study of War procenjuje", "Institute for the Study of War процењује"),
    ("prema Institute for the Study of War", "према Institute for the Study of War"),
    ("Vučić i Wolf", "Вучић и Wolf"),
    ("RKS News-a", "RKS News-а"),
    ("avioni F-16 i Mi-35", "авиони F-16 и Mi-35"),
    ("po ICD 203 i STANAG 2511.", "по ICD 203 и STANAG 2511."),
    ("ocena B2 na skali A–F", "оцена B2 на скали A–F"),
    ("videti https://x.rs/a?b=lj", "видети https://x.rs/a?b=lj"),
    ("Oznaka TLP:GREEN važi", "Ознака TLP:GREEN важи"),
    ("x-zraci", "x-зраци"),
])
def test_text_around_a_kept_span_is_transliterated(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


# --- latin_terms ----------------------------------------------------------------

TERMS = ["Peace Guardian 2025", "Platinum Wolf"]


@pytest.mark.parametrize("latin, terms, cyrillic", [
    ("vežba Peace Guardian 2025 počinje", TERMS, "вежба Peace Guardian 2025 почиње"),
    ("Platinum Wolf i Peace Guardian 2025", TERMS, "Platinum Wolf и Peace Guardian 2025"),
    ("Peace Guardian 2025-a", TERMS, "Peace Guardian 2025-а"),
    ("Radio Free Europe javlja", ["Radio Free Europe"], "Radio Free Europe јавља"),
    ("Radio Free Europe javlja", (), "Радио Фрее Еуропе јавља"),
    ("Radio Free Europe javlja", ("Radio Free Europe",), "Radio Free Europe јавља"),
    # case-sensitive
    ("peace guardian 2025", TERMS, "пеаце гуардиан 2025"),
    # whole words only: "Nova" does not keep "Novak" or "Novaković"
    ("Novak i Nova", ["Nova"], "Новак и Nova"),
    ("Novaković, Nova.", ["Nova"], "Новаковић, Nova."),
    ("Inova", ["Nova"], "Инова"),
    # every occurrence
    ("Nova, pa opet Nova", ["Nova"], "Nova, па опет Nova"),
    # longest first: the long term wins over its own first word
    ("Peace Guardian 2025", ["Peace", "Peace Guardian 2025"], "Peace Guardian 2025"),
    ("Peace Guardian", ["Peace", "Peace Guardian 2025"], "Peace Гуардиан"),
    # an empty term keeps nothing
    ("Beograd", [""], "Београд"),
])
def test_latin_terms(latin, terms, cyrillic):
    assert to_cyrillic(latin, terms) == cyrillic


def test_latin_terms_by_keyword_and_default():
    assert to_cyrillic("Platinum Wolf", latin_terms=TERMS) == "Platinum Wolf"
    assert to_cyrillic("Peace Guardian") == "Пеаце Гуардиан"


# --- punctuation, quotes, idempotence -------------------------------------------

@pytest.mark.parametrize("latin, cyrillic", [
    ("„Vreme“", "„Време“"),
    ("„RKS News“ i „Danas“", "„RKS News“ и „Данас“"),
    ("(F-16), [B2]; A–F!", "(F-16), [B2]; A–F!"),
    ("Da li? Da — ne… „Lj“", "Да ли? Да — не… „Љ“"),
    ("red 1\nred 2\n", "ред 1\nред 2\n"),
])
def test_punctuation_and_quotes_are_kept(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize("cyrillic", [
    "Београд",
    "НАТО и ЕУ",
    "Према RKS News, вежба Platinum Wolf је почела.",
    "„Време“ — инјекција, оџак, надживети, Љубљана.",
    "Систем FK-3 је купљен 20. јула 2025.",
])
def test_cyrillic_text_is_unchanged(cyrillic):
    assert to_cyrillic(cyrillic) == cyrillic
    assert to_cyrillic(cyrillic, TERMS) == cyrillic


@pytest.mark.parametrize("latin", [
    "Prema RKS News, vežba Peace Guardian 2025 je počela.",
    "Institute for the Study of War: avioni F-16 (B2, A–F).",
    "Odžaci, podžanr, injekcija, LJUBLJANA, u SAD 2024. godine",
])
def test_transliterating_twice_changes_nothing(latin):
    once = to_cyrillic(latin, TERMS)
    assert to_cyrillic(once, TERMS) == once


_LATIN_TEXT = st.text(
    alphabet=st.sampled_from(list(
        "abcčćdđefghijklmnoprsštuvzž" "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ"
        "qwxyQWXY0123456789 .,-–/:„“\n'")),
    max_size=40,
)


@given(_LATIN_TEXT)
def test_idempotent_on_any_latin_text(text):
    once = to_cyrillic(text)
    assert to_cyrillic(once) == once
