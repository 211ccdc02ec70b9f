"""Name resolution: printed name + faction code + day → the deputy with a mandate that day."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from parvaipret.ingest.errors import (
    AmbiguousDeputyError,
    UnknownDeputyError,
    UnknownFactionError,
)
from parvaipret.ingest.names import DeputyResolver, fold_diacritics, repair_mojibake
from parvaipret.parliament.models import Ballot
from parvaipret.parliament.services import BallotData
from scrapers.records.parliament import BallotChoice, BallotRecord, NameOrder
from tests.factories import DeputyFactory, FactionFactory, MembershipFactory, TermFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 4, 16)


@pytest.fixture
def factions():
    term = TermFactory(number=14)
    return {
        "JV": FactionFactory(term=term, short_name="JV", name="Frakcija JAUNĀ VIENOTĪBA"),
        "ZZS": FactionFactory(
            term=term, short_name="ZZS", name="Zaļo un Zemnieku savienības frakcija"
        ),
        "NA": FactionFactory(term=term, short_name="NA", name="Frakcija “Nacionālā apvienība”"),
        "S!": FactionFactory(
            term=term, short_name="S!", name="Frakcija “Stabilitātei!”", aliases=["ST!", "ST"]
        ),
    }


def _seat(first: str, last: str, faction, *, start=None, end=None, **extra):
    deputy = DeputyFactory(first_name=first, last_name=last)
    MembershipFactory(
        deputy=deputy, term=faction_term(faction), faction=faction, start=start, end=end, **extra
    )
    return deputy


def faction_term(faction):
    return faction.term if faction is not None else TermFactory(number=14)


def test_resolve_tells_namesakes_apart_by_their_given_names(factions):
    andrejs = _seat("Andrejs", "Judins", factions["JV"])
    igors = _seat("Igors", "Judins", None)
    raivis = _seat("Raivis", "Dzintars", factions["NA"])
    normunds = _seat("Normunds", "Dzintars", factions["NA"])
    resolver = DeputyResolver(term=factions["JV"].term)

    assert (
        resolver.resolve(full_name="Andrejs Judins", faction_code="JV", on=DAY).deputy_id
        == andrejs.pk
    )
    assert resolver.resolve(full_name="Igors Judins", faction_code="", on=DAY).deputy_id == igors.pk
    assert (
        resolver.resolve(full_name="Raivis Dzintars", faction_code="NA", on=DAY).deputy_id
        == raivis.pk
    )
    assert (
        resolver.resolve(full_name="Normunds Dzintars", faction_code="NA", on=DAY).deputy_id
        == normunds.pk
    )


def test_resolve_reads_surname_first_names_and_odd_whitespace(factions):
    zanda = _seat("Zanda", "Kalniņa-Lukaševica", factions["JV"])
    selma = _seat("Selma Teodora", "Levrence", factions["JV"])
    resolver = DeputyResolver(term=factions["JV"].term)

    assert (
        resolver.resolve(full_name="Kalniņa-Lukaševica Zanda", faction_code="JV", on=DAY).deputy_id
        == zanda.pk
    )
    assert (
        resolver.resolve(
            full_name="Levrence\u00a0Selma  Teodora", faction_code="JV", on=DAY
        ).deputy_id
        == selma.pk
    )


def test_resolve_normalises_unicode_and_repairs_mojibake(factions):
    inga = _seat("Inga", "Bērziņa", factions["JV"])
    andris = _seat("Andris", "Bērziņš", factions["ZZS"])
    resolver = DeputyResolver(term=factions["JV"].term)

    decomposed = unicodedata.normalize("NFD", "Inga Bērziņa")
    assert decomposed != "Inga Bērziņa"
    assert resolver.resolve(full_name=decomposed, faction_code="JV", on=DAY).deputy_id == inga.pk
    mojibake = "Andris Bērziņš".encode().decode("cp1252", errors="strict")
    assert mojibake == "Andris BÄ“rziÅ†Å¡"
    assert resolver.resolve(full_name=mojibake, faction_code="ZZS", on=DAY).deputy_id == andris.pk


def test_resolve_without_diacritics_only_when_exactly_one_deputy_fits(factions):
    liga = _seat("Līga", "Kļaviņa", factions["ZZS"])
    _seat("Jeļena", "Kļaviņa", None)
    resolver = DeputyResolver(term=factions["JV"].term)

    assert (
        resolver.resolve(full_name="Liga Klavina", faction_code="ZZS", on=DAY).deputy_id == liga.pk
    )
    with pytest.raises(UnknownDeputyError):
        resolver.resolve(full_name="Klavina", faction_code="", on=DAY)


def test_resolve_uses_the_printed_faction_for_two_deputies_with_the_very_same_name(factions):
    """Hypothetical namesakes with identical names (the 14th Saeima has none): the faction
    printed on the ballot decides."""
    in_jv = _seat("Jānis", "Zariņš", factions["JV"])
    in_na = _seat("Jānis", "Zariņš", factions["NA"])
    resolver = DeputyResolver(term=factions["JV"].term)

    assert (
        resolver.resolve(full_name="Jānis Zariņš", faction_code="NA", on=DAY).deputy_id == in_na.pk
    )
    assert (
        resolver.resolve(full_name="Jānis Zariņš", faction_code="JV", on=DAY).deputy_id == in_jv.pk
    )
    with pytest.raises(AmbiguousDeputyError, match="2 deputies"):
        resolver.resolve(full_name="Jānis Zariņš", faction_code="ZZS", on=DAY)


def test_resolve_follows_a_faction_change_and_the_stabilitatei_code_variants(factions):
    """A Stabilitātei! deputy until the faction dissolved (Feb 2026), unaffiliated after."""
    deputy = DeputyFactory(first_name="Jefimijs", last_name="Klementjevs")
    term = factions["S!"].term
    MembershipFactory(
        deputy=deputy, term=term, faction=factions["S!"], start=None, end=dt.date(2026, 2, 10)
    )
    MembershipFactory(deputy=deputy, term=term, faction=None, start=dt.date(2026, 2, 11), end=None)
    resolver = DeputyResolver(term=term)

    for code in ("S!", "ST!", "ST", " ST! "):
        resolved = resolver.resolve(
            full_name="Jefimijs Klementjevs", faction_code=code, on=dt.date(2025, 3, 6)
        )
        assert (resolved.deputy_id, resolved.faction_id) == (deputy.pk, factions["S!"].pk)
    later = resolver.resolve(full_name="Jefimijs Klementjevs", faction_code="", on=DAY)
    assert (later.deputy_id, later.faction_id, later.membership_faction_id) == (
        deputy.pk,
        None,
        None,
    )


def test_resolve_substitute_only_while_the_mandate_runs(factions):
    substitute = _seat(
        "Ilze", "Indriksone", factions["NA"], start=dt.date(2024, 1, 18), is_substitute=True
    )
    resolver = DeputyResolver(term=factions["NA"].term)

    assert (
        resolver.resolve(full_name="Ilze Indriksone", faction_code="NA", on=DAY).deputy_id
        == substitute.pk
    )
    with pytest.raises(UnknownDeputyError, match="had no mandate on 2023-05-04"):
        resolver.resolve(full_name="Ilze Indriksone", faction_code="NA", on=dt.date(2023, 5, 4))


def test_resolve_never_invents_a_deputy_for_an_unknown_name(factions):
    resolver = DeputyResolver(term=factions["JV"].term)

    with pytest.raises(UnknownDeputyError) as error:
        resolver.resolve(full_name="Maija Nezināmā", faction_code="JV", on=DAY)
    assert (
        error.value.message
        == "no deputy with a mandate on 2026-04-16 is named 'Maija Nezināmā' (JV)"
    )


def test_resolve_rejects_a_faction_code_nobody_knows(factions):
    _seat("Inga", "Bērziņa", factions["JV"])
    resolver = DeputyResolver(term=factions["JV"].term)

    with pytest.raises(UnknownFactionError, match=r"'XYZ' is not known in the 14\. Saeima"):
        resolver.resolve(full_name="Inga Bērziņa", faction_code="XYZ", on=DAY)


def test_repair_mojibake_leaves_clean_names_alone():
    assert repair_mojibake("Česlavs Batņa") == "Česlavs Batņa"
    assert repair_mojibake("Ābrama") == "Ābrama"
    assert fold_diacritics("kalniņa irma") == "kalnina irma"


def test_resolve_sees_a_faction_created_after_the_resolver_was_built(factions):
    term = factions["JV"].term
    deputy = _seat("Linda", "Liepiņa", None)
    resolver = DeputyResolver(term=term)
    lpv = FactionFactory(term=term, short_name="LPV", name="Frakcija LATVIJA PIRMAJĀ VIETĀ")

    resolved = resolver.resolve(full_name="Linda Liepiņa", faction_code="LPV", on=DAY)

    assert (resolved.deputy_id, resolved.faction_id) == (deputy.pk, lpv.pk)


def _printed(name: str, code: str, choice: BallotChoice) -> BallotRecord:
    return BallotRecord(
        full_name=name, name_order=NameOrder.GIVEN_FIRST, faction_short=code, choice=choice
    )


def test_ballots_resolves_a_roll_call_in_printed_order_with_the_stored_choices(factions):
    inga = _seat("Inga", "Bērziņa", factions["JV"])
    igors = _seat("Igors", "Judins", None)
    resolver = DeputyResolver(term=factions["JV"].term)

    ballots, errors = resolver.ballots(
        [
            _printed("Judins Igors", "", BallotChoice.DID_NOT_VOTE),
            _printed("Inga Bērziņa", "JV", BallotChoice.FOR),
        ],
        on=DAY,
    )

    assert errors == []
    assert ballots == [
        BallotData(igors.pk, Ballot.Choice.DID_NOT_VOTE, None),
        BallotData(inga.pk, Ballot.Choice.FOR, factions["JV"].pk),
    ]


def test_ballots_lists_every_ballot_that_does_not_resolve_and_keeps_the_others(factions):
    inga = _seat("Inga", "Bērziņa", factions["JV"])
    resolver = DeputyResolver(term=factions["JV"].term)

    ballots, errors = resolver.ballots(
        [
            _printed("Maija Nezināmā", "JV", BallotChoice.FOR),
            _printed("Inga Bērziņa", "JV", BallotChoice.AGAINST),
            _printed("Inga Bērziņa", "XYZ", BallotChoice.AGAINST),
        ],
        on=DAY,
    )

    assert ballots == [BallotData(inga.pk, Ballot.Choice.AGAINST, factions["JV"].pk)]
    assert [type(error) for error in errors] == [UnknownDeputyError, UnknownFactionError]


def test_ballots_resolves_each_printed_name_once_a_day_and_again_on_another_day(factions):
    """A term prints each name thousands of times: one resolution per name, faction and day,
    without a query; the next day is resolved afresh (a mandate may have ended)."""
    term = factions["NA"].term
    ilze = _seat("Ilze", "Indriksone", factions["NA"], end=DAY)
    resolver = DeputyResolver(term=term)
    printed = [_printed("Ilze Indriksone", "NA", c) for c in (BallotChoice.FOR,) * 3]

    first, _ = resolver.ballots(printed, on=DAY)
    with CaptureQueriesContext(connection) as queries:
        again, _ = resolver.ballots(printed[::-1], on=DAY)
    next_day, errors = resolver.ballots(printed[:1], on=DAY + dt.timedelta(days=1))

    assert first == again == [BallotData(ilze.pk, Ballot.Choice.FOR, factions["NA"].pk)] * 3
    assert first[0] is again[0]  # the day's BallotData is reused, not rebuilt
    assert len(queries) == 0
    assert next_day == []
    assert [type(error) for error in errors] == [UnknownDeputyError]
