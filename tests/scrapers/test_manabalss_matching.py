"""Suggesting the Saeima decision about a ManaBalss initiative, on real titles and counts."""

from pathlib import Path

import pytest

from scrapers.initiatives_match import (
    match_initiative_to_decision,
    normalise_title,
    signature_closeness,
    title_similarity,
)
from scrapers.manabalss.initiatives import parse_initiative_text
from scrapers.records.legislation import CollectiveSubmission
from scrapers.saeima.bills import parse_collective_submission_title

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"

# Decision titles of real collective submissions (928/Lm14 from the motives sample, 936/Lm14 and
# 952/Lm14 as quoted in saeima-data.md and imaksligais/atmina-lv tests; see test_bills.py).
DECISIONS = [
    parse_collective_submission_title(motive)
    for motive in (
        "Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts pārvaldē” "
        "turpmāko virzību (928/Lm14)",
        "Par 11 391 Latvijas pilsoņa kolektīvā iesnieguma “Nodrošināt iespēju brīvprātīgi izņemt "
        "2. pensiju līmeņa uzkrāto kapitālu” turpmāko virzību (936/Lm14)",
        'Par 10 485 Latvijas pilsoņu kolektīvā iesnieguma "Goda ģimenes" statuss vecākiem uz '
        "mūžu - pateicība par ieguldījumu Latvijas tautas ataudzē turpmāko virzību (952/Lm14)",
    )
]


def initiative(slug: str):
    text = (FIXTURES / f"manabalss_{slug}.txt").read_text(encoding="utf-8")
    return parse_initiative_text(text, url=f"https://manabalss.lv/{slug}/show")


def test_match_initiative_to_decision_suggests_928_lm14_for_the_salaries_initiative():
    salaries = initiative("par-atklatu-algu-valsts-parvalde")
    suggestions = match_initiative_to_decision(salaries.title_lv, salaries.signatures, DECISIONS)
    assert [(d.decision_number, score) for d, score in suggestions] == [
        # 0.8 · 1.0 (same title once case and diacritics are folded) + 0.2 · 8055/10177
        ("928/Lm14", 0.9583),
    ]


def test_match_initiative_to_decision_suggests_nothing_for_an_unrelated_initiative():
    immigration = initiative("izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu")
    assert (
        match_initiative_to_decision(immigration.title_lv, immigration.signatures, DECISIONS) == []
    )


def test_match_initiative_to_decision_uses_the_title_alone_without_a_count():
    suggestions = match_initiative_to_decision(
        "NODROŠINĀT IESPĒJU BRĪVPRĀTĪGI IZŅEMT 2. PENSIJU LĪMEŅA UZKRĀTO KAPITĀLU", None, DECISIONS
    )
    assert [(d.decision_number, score) for d, score in suggestions] == [("936/Lm14", 1.0)]


def test_match_initiative_to_decision_ranks_and_limits_when_the_threshold_is_lowered():
    suggestions = match_initiative_to_decision(
        "Par atklātu algu", 10000, DECISIONS, min_score=0.0, limit=2
    )
    assert [d.decision_number for d, _ in suggestions] == ["928/Lm14", "952/Lm14"]
    assert suggestions[0][1] > suggestions[1][1]


def test_normalise_title_folds_case_diacritics_and_quotes():
    assert normalise_title("PAR ATKLĀTU ALGU VALSTS PĀRVALDĒ") == normalise_title(
        "“Par atklātu algu valsts pārvaldē”"
    )
    assert normalise_title("„Goda ģimenes” statuss") == "goda gimenes statuss"


def test_title_similarity_is_one_for_equal_titles_and_zero_for_empty_ones():
    assert title_similarity("LEDUS HALLI ĶEKAVAS NOVADĀ", "Ledus halli Ķekavas novadā") == 1.0
    assert title_similarity("", "Ledus halli") == 0.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(8055, 10177, 8055 / 10177), (13355, 13355, 1.0), (0, 10000, 0.0)],
)
def test_signature_closeness_is_the_ratio_of_the_smaller_count(a, b, expected):
    assert signature_closeness(a, b) == pytest.approx(expected)


def test_decisions_fixture_is_three_collective_submissions():
    assert all(isinstance(d, CollectiveSubmission) for d in DECISIONS)
    assert [d.decision_number for d in DECISIONS] == ["928/Lm14", "936/Lm14", "952/Lm14"]
