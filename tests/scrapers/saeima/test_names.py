"""Name keys: order-insensitive, Unicode-normalised, namesakes kept apart."""

from __future__ import annotations

import unicodedata

from scrapers.saeima.deputies import parse_dump_deputies_csv
from scrapers.saeima.names import name_key, name_key_from_full, normalise_name
from scrapers.saeima.votes import parse_dump_votes
from tests.scrapers.helpers import read_fixture


def test_normalise_name_nfc_casefold_collapse_strip():
    decomposed = unicodedata.normalize("NFD", "Bērziņš")
    assert normalise_name(f"  Andris\u00a0 {decomposed}\t") == "andris bērziņš"
    assert normalise_name("KALNIŅA-LUKAŠEVICA") == "kalniņa-lukaševica"


def test_name_key_ignores_name_order():
    assert name_key("Raivis", "Dzintars") == name_key_from_full("Dzintars Raivis")
    assert name_key("Hosams", "Abu Meri") == name_key_from_full("Abu Meri Hosams")
    assert name_key("Dāvis Mārtiņš", "Daugavietis") == name_key_from_full(
        "Daugavietis Dāvis Mārtiņš"
    )
    assert name_key_from_full("Raivis Dzintars") == "dzintars raivis"


def test_name_key_keeps_namesakes_apart():
    assert name_key("Raivis", "Dzintars") != name_key("Normunds", "Dzintars")
    assert name_key("Irma", "Kalniņa") != name_key("Inese", "Kalniņa")
    assert name_key("Andris", "Bērziņš") != name_key("Inga", "Bērziņa")


def test_name_key_from_full_of_blank_is_empty():
    assert name_key_from_full("   ") == ""


def test_every_ballot_name_of_the_dump_resolves_to_exactly_one_deputy():
    deputies = parse_dump_deputies_csv(
        read_fixture("dump-2026-04-16/deputies.csv"), url="dump/deputies.csv"
    )
    votes = parse_dump_votes(
        read_fixture("dump-2026-04-16/votes.csv"),
        read_fixture("dump-2026-04-16/ballots.csv"),
        url="dump",
    )
    keys: dict[str, list[str]] = {}
    for deputy in deputies:
        keys.setdefault(name_key(deputy.first_name, deputy.last_name), []).append(deputy.full_name)
    printed = {ballot.full_name for vote in votes for ballot in vote.ballots}

    assert len(keys) == len(deputies) == 116
    assert len(printed) == 96
    assert all(len(keys.get(name_key_from_full(name), [])) == 1 for name in printed)
