"""Timeline entries are short forms of the facts: a whole first sentence
(or clause), never cut mid-word or mid-quotation, never with an ellipsis,
and without the date the row's label already shows.

The sentences are the shipped case's own (inputs/china-serbia-exercise-2025/facts.yaml).
"""

from __future__ import annotations

import pytest

from briefgen.locale import to_cyrillic
from briefgen.writers.timeline_text import (
    clause,
    first_sentence,
    short_form,
    without_date,
)


@pytest.mark.parametrize("date, text, entry", [
    ("2020", "Serbia bought six CH-92A combat drones from China in 2020.",
     "Serbia bought six CH-92A combat drones from China."),
    ("2025-06", ("In June 2025 Serbia took part with US and European forces in Platinum Wolf 25, a "
                "long-standing exercise that Vladisavljev describes as hosted by US European Command."),
     ("Serbia took part with US and European forces in Platinum Wolf 25, a long-standing exercise "
     "that Vladisavljev describes as hosted by US European Command.")),
    ("2024-05", ("During Xi Jinping’s second visit to Belgrade, in May 2024, the two countries signed a "
                "declaration"),
     "During Xi Jinping’s second visit to Belgrade, the two countries signed a declaration"),
    ("2024-07", "In July 2024, at the time of NATO’s Washington summit, the PLA held manoeuvres in Belarus.",
     "At the time of NATO’s Washington summit, the PLA held manoeuvres in Belarus."),
    ("2022", ("After Russia’s invasion of Ukraine in 2022, Serbia imposed a moratorium on all military "
             "exercises with foreign partners."),
     ("After Russia’s invasion of Ukraine, Serbia imposed a moratorium on all military exercises with "
     "foreign partners.")),
    ("2025-07-19/2025-07-28", "The exercise took place from 19 to 28 July 2025 in Hebei province, China.",
     "The exercise took place in Hebei province, China."),
    ("2024", "China has become Serbia’s largest trading partner for imports, which reached €5.13 billion in 2024.",
     "China has become Serbia’s largest trading partner for imports, which reached €5.13 billion."),
])
def test_english_drops_the_phrase_saying_the_date_the_label_shows(date, text, entry):
    start, _, end = date.partition("/")
    assert without_date(text, start, end or start) == entry


@pytest.mark.parametrize("date, text, entry", [
    ("2020", "Srbija je 2020. od Kine kupila šest borbenih dronova CH-92A.",
     "Srbija je od Kine kupila šest borbenih dronova CH-92A."),
    ("2020", "Srbija je kupila dronove u 2020.", "Srbija je kupila dronove."),
    ("2020", "Srbija je 2020. godine kupila dronove.", "Srbija je kupila dronove."),
    ("2025-07", "Vežba je održana u julu 2025.", "Vežba je održana."),
    ("2025-06", "U junu 2025. Srbija je sa američkim i evropskim snagama učestvovala u vežbi.",
     "Srbija je sa američkim i evropskim snagama učestvovala u vežbi."),
    ("2007", "Narodna skupština Srbije usvojila je 2007. Rezoluciju o zaštiti suvereniteta.",
     "Narodna skupština Srbije usvojila je Rezoluciju o zaštiti suvereniteta."),
    ("2025-07-14", ("Ministarstvo odbrane Kine objavilo je 14. jula 2025. u Pekingu da će specijalne snage "
                   "Kine i Srbije zajedno izvesti obuku."),
     ("Ministarstvo odbrane Kine objavilo je u Pekingu da će specijalne snage Kine i Srbije zajedno "
     "izvesti obuku.")),
    ("2025-07-19/2025-07-28", "Vežba je održana od 19. do 28. jula 2025. u kineskoj provinciji Hebej.",
     "Vežba je održana u kineskoj provinciji Hebej."),
    ("2024-05", "Tokom druge posete Si Đinpinga Beogradu, u maju 2024, dve zemlje potpisale su deklaraciju.",
     "Tokom druge posete Si Đinpinga Beogradu, dve zemlje potpisale su deklaraciju."),
    ("2024-07-01", ("Sporazum o slobodnoj trgovini Srbije i Kine stupio je na snagu 1. jula 2024; njime se "
                   "carina postepeno ukida."),
     "Sporazum o slobodnoj trgovini Srbije i Kine stupio je na snagu; njime se carina postepeno ukida."),
])
def test_serbian_drops_the_phrase_saying_the_date_the_label_shows(date, text, entry):
    start, _, end = date.partition("/")
    assert without_date(text, start, end or start) == entry
    # The Cyrillic brief is transliterated before the writers shorten it.
    assert without_date(to_cyrillic(text), start, end or start) == to_cyrillic(entry)


@pytest.mark.parametrize("date, text", [
    ("2019", "Serbia and China have had an agreement on joint police patrols since 2019."),
    ("2019", "Srbija i Kina od 2019. imaju sporazum o zajedničkim policijskim patrolama."),
    ("2024", ("Special police units have held several joint exercises, most recently in 2024; officers "
             "also take part in exchanges.")),
    ("2024", ("Specijalne policijske jedinice održale su više vežbi, poslednju 2024, a policajci učestvuju "
             "i u razmenama.")),
    ("2024", "Ministarstvo odbrane Srbije saopštilo je krajem 2024. da je u Kini održana obuka."),
    ("2025-01", "The FK-3 and HQ-17AE systems were expected to become operational from January 2025."),
    ("2020", "RKS News dates Serbia’s first FK-3 acquisition to 2020 and says CH-92A drones followed in 2022."),
    ("2020", "RKS News navodi da je Srbija prve sisteme FK-3 nabavila 2020, a da su dronovi usledili 2022."),
    ("2022", "Serbia bought drones in 2020."),  # another date
    ("2020", "In 2020."),  # nothing would be left
])
def test_phrases_that_say_more_than_the_date_stay(date, text):
    assert without_date(text, date, date) == text


def test_the_first_sentence_ends_outside_quotes_and_not_at_abbreviations_or_ordinals():
    assert first_sentence("The U.S. Army said “No. Not now.” and left. Then more.") == (
        "The U.S. Army said “No. Not now.” and left.")
    assert first_sentence("Brussels said that “Serbia should refrain”. The EU added more.") == (
        "Brussels said that “Serbia should refrain”.")
    assert first_sentence("Obuka je obuhvatila tzv. „crnu taktiku. Brza dejstva“ i razmenu. Dalje.") == (
        "Obuka je obuhvatila tzv. „crnu taktiku. Brza dejstva“ i razmenu.")
    # A Serbian year or ordinal keeps its dot mid-sentence.
    assert first_sentence("Posle invazije na Ukrajinu 2022. Srbija je uvela moratorijum. Dalje.") == (
        "Posle invazije na Ukrajinu 2022. Srbija je uvela moratorijum.")
    assert first_sentence("Pripadnici 72. brigade vežbali su. Dalje.") == "Pripadnici 72. brigade vežbali su."


def test_a_long_sentence_keeps_whole_clauses_and_no_ellipsis():
    announced = ("China’s Ministry of Defence announced in Beijing on 14 July 2025 that Chinese and Serbian "
                 "special forces would train together in Hebei province, northern China, in the second half "
                 "of July; the announcement was made by ministry spokesman Jiang Bin.")
    assert short_form(announced, "2025-07-14", "2025-07-14") == (
        "China’s Ministry of Defence announced in Beijing that Chinese and Serbian special forces would "
        "train together in Hebei province, northern China, in the second half of July.")
    combined = ("In July 2019 the Chinese military took part in Combined Aid 2019, a joint military-medical "
                "exercise in Germany focused on humanitarian crisis response, which foreign media described "
                "as the first step in the PLA’s effort to forge closer ties with Europe.")
    assert short_form(combined, "2019-07", "2019-07") == (
        "The Chinese military took part in Combined Aid 2019, a joint military-medical exercise in Germany "
        "focused on humanitarian crisis response.")
    black = ("The training reportedly included so-called “black tactics” – fast, silent operations in "
             "built-up and difficult terrain – and an exchange in which both sides compared their "
             "procedures, as reported by one source only and not borne out elsewhere.")
    # The dash opening the aside, not the one closing it.
    assert clause(black) == "The training reportedly included so-called “black tactics”."


def test_an_aside_the_main_verb_follows_is_not_cut_off():
    fk3 = ("At the end of 2024 Serbia’s Ministry of Defence reported that training on the FK-3 system, which "
           "can engage aircraft, helicopters, cruise missiles and drones, had been conducted in China.")
    assert short_form(fk3, "2024", "2024") == fk3  # no clean break: the sentence stays whole
    egypt = ("In May 2025 combat teams of the 72nd Special Operations Brigade and Egypt’s El Sak Force, "
             "supported by Serbian army helicopter units, held joint counter-terrorism training in Serbia; "
             "a similar training had taken place at ranges in Egypt in 2024.")
    assert short_form(egypt, "2025-05", "2025-05") == (
        "Combat teams of the 72nd Special Operations Brigade and Egypt’s El Sak Force, supported by Serbian "
        "army helicopter units, held joint counter-terrorism training in Serbia.")


def test_a_quotation_is_never_cut():
    quoted = ("China’s Ministry of Defence said the training would “contribute to strengthening the combat "
              "capabilities of the participants; and deepening cooperation between the two militaries”.")
    assert short_form(quoted, "2025-07", "2025-07", limit=60) == quoted
    serbian = ("Portparol EU izjavio je za RSE da EU želi da računa na Srbiju kao na pouzdanog evropskog "
               "partnera i da „Srbija treba da nas uveri, a i druge, u svoju stratešku orijentaciju“.")
    assert short_form(serbian, "2025-07", "2025-07", limit=60) == serbian
    assert "…" not in short_form("word " * 100, "2020", "2020")
