"""Factions named by a printed code: created from a source's name or the known-factions table."""

from __future__ import annotations

import pytest

from parvaipret.ingest.factions import factions_ensure
from parvaipret.parliament.models import Faction
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def test_factions_ensure_creates_stabilitatei_with_its_code_variants_from_any_of_them():
    term = TermFactory(number=14)

    results = factions_ensure(term=term, codes=["ST!", "JV", "", " "])

    assert [outcome for _, outcome in results] == ["insert", "insert"]
    stability = Faction.objects.get(short_name="S!")
    assert stability.name == "Frakcija “Stabilitātei!”"
    assert stability.aliases == ["ST!", "ST"]
    assert Faction.objects.get(short_name="JV").name == "Frakcija JAUNĀ VIENOTĪBA"
    assert factions_ensure(term=term, codes=["ST", "S!", "JV"]) == []


def test_factions_ensure_prefers_the_name_a_source_prints_and_skips_unknown_codes():
    term = TermFactory(number=14)

    factions_ensure(term=term, codes=["NA", "XYZ"], names={"NA": "Frakcija “Nacionālā apvienība”"})

    assert list(Faction.objects.values_list("short_name", "name")) == [
        ("NA", "Frakcija “Nacionālā apvienība”")
    ]


def test_factions_ensure_gives_each_faction_a_distinct_display_colour():
    term = TermFactory(number=14)

    factions_ensure(term=term, codes=["JV", "ZZS", "NA", "AS", "PRO", "LPV", "S!"])

    colours = list(Faction.objects.values_list("colour", flat=True))
    assert len(colours) == len(set(colours)) == 7
