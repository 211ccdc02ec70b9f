"""parliament.services: upserts report insert / update / noop, and never erase or invent."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

import pytest

from parvaipret.core.exceptions import ApplicationError
from parvaipret.parliament.models import Ballot, Membership, Vote
from parvaipret.parliament.services import (
    DEPUTY_TWICE,
    TOO_MANY_BALLOTS,
    BallotData,
    Provenance,
    SittingData,
    VoteData,
    _ballots_copy,
    _ballots_executemany,
    _vote_values,
    ballots_upsert,
    deputy_upsert,
    faction_upsert,
    membership_observe,
    sitting_upsert,
    term_upsert,
    vote_check,
    vote_upsert,
    vote_validate,
    votes_link_bill,
    votes_upsert,
)
from tests.factories import BillFactory, DeputyFactory, FactionFactory, TermFactory

pytestmark = pytest.mark.django_db

RIGA = ZoneInfo("Europe/Riga")
AT = dt.datetime(2026, 4, 16, 9, 21, 3, tzinfo=RIGA)


def test_term_upsert_inserts_then_reports_noop():
    term, first = term_upsert(number=14, start=dt.date(2022, 11, 1))
    same, second = term_upsert(number=14, start=dt.date(2022, 11, 1))

    assert (first, second) == ("insert", "noop")
    assert same.pk == term.pk


def test_faction_upsert_finds_a_faction_by_any_of_its_codes_and_only_adds_aliases():
    term = TermFactory(number=14)
    faction, outcome = faction_upsert(
        term=term, short_name="S!", name="Frakcija “Stabilitātei!”", aliases=["ST!"]
    )
    assert (outcome, faction.aliases) == ("insert", ["ST!"])

    again, outcome = faction_upsert(term=term, short_name="ST!")
    assert (again.pk, outcome) == (faction.pk, "noop")
    more, outcome = faction_upsert(term=term, short_name="S!", aliases=["ST"])
    assert (outcome, more.aliases) == ("update", ["ST!", "ST"])
    assert more.name == "Frakcija “Stabilitātei!”"


def test_faction_upsert_refuses_a_new_code_without_a_name():
    with pytest.raises(ApplicationError, match="needs its full name"):
        faction_upsert(term=TermFactory(number=14), short_name="XYZ")


def test_deputy_upsert_keys_on_the_unid_and_gives_a_nameless_match_its_unid():
    term = TermFactory(number=14)
    nameless, outcome = deputy_upsert(term=term, first_name="Jānis", last_name="Dombrava")
    assert (nameless.external_id, outcome) == (None, "insert")

    found, outcome = deputy_upsert(
        term=term,
        first_name="Jānis",
        last_name="Dombrava",
        external_id="0123456789abcdef0123456789abcdef",
    )
    assert (found.pk, outcome, found.external_id) == (
        nameless.pk,
        "update",
        "0123456789ABCDEF0123456789ABCDEF",
    )
    _, outcome = deputy_upsert(
        term=term,
        first_name="Jānis",
        last_name="Dombrava",
        external_id="0123456789ABCDEF0123456789ABCDEF",
    )
    assert outcome == "noop"


def test_deputy_upsert_never_merges_two_deputies_with_different_unids():
    term = TermFactory(number=14)
    first, _ = deputy_upsert(
        term=term, first_name="Jānis", last_name="Zariņš", external_id="A" * 32
    )
    second, outcome = deputy_upsert(
        term=term, first_name="Jānis", last_name="Zariņš", external_id="B" * 32
    )

    assert outcome == "insert"
    assert first.pk != second.pk


def _history(deputy) -> list[tuple[str | None, dt.date | None, dt.date | None]]:
    return list(
        Membership.objects.filter(deputy=deputy)
        .order_by("pk")
        .values_list("faction__short_name", "start", "end")
    )


def test_membership_observe_first_sight_leaves_both_dates_empty():
    deputy = DeputyFactory()
    jv = FactionFactory(short_name="JV")

    _, outcome = membership_observe(deputy=deputy, term=jv.term, faction=jv, on=dt.date(2026, 5, 4))

    assert outcome == "insert"
    assert _history(deputy) == [("JV", None, None)]


def test_membership_observe_same_faction_again_is_noop():
    deputy = DeputyFactory()
    jv = FactionFactory(short_name="JV")
    membership_observe(deputy=deputy, term=jv.term, faction=jv, on=dt.date(2026, 5, 4))

    _, outcome = membership_observe(deputy=deputy, term=jv.term, faction=jv, on=dt.date(2026, 6, 1))

    assert outcome == "noop"
    assert _history(deputy) == [("JV", None, None)]


def test_membership_observe_a_change_closes_the_old_seat_the_day_before():
    deputy = DeputyFactory()
    jv = FactionFactory(short_name="JV")
    membership_observe(deputy=deputy, term=jv.term, faction=jv, on=dt.date(2026, 5, 4))

    _, outcome = membership_observe(
        deputy=deputy, term=jv.term, faction=None, on=dt.date(2026, 6, 1)
    )

    assert outcome == "update"
    assert _history(deputy) == [
        ("JV", None, dt.date(2026, 5, 31)),
        (None, dt.date(2026, 6, 1), None),
    ]


def test_membership_observe_an_older_source_does_not_cut_a_newer_seat_short():
    """Seen unaffiliated in a fetch of 4 May; an older page (16 April) shows JV: the change is
    put just after the older observation."""
    deputy = DeputyFactory()
    jv = FactionFactory(short_name="JV")
    fetched = dt.datetime(2026, 5, 4, 5, 0, tzinfo=dt.UTC)
    membership_observe(
        deputy=deputy,
        term=jv.term,
        faction=None,
        on=dt.date(2026, 5, 4),
        provenance=Provenance(source_url="https://titania.saeima.lv/", fetched_at=fetched),
    )

    membership_observe(deputy=deputy, term=jv.term, faction=jv, on=dt.date(2026, 4, 16))

    assert _history(deputy) == [
        (None, dt.date(2026, 4, 17), None),
        ("JV", None, dt.date(2026, 4, 16)),
    ]


def _vote_data(term, **fields) -> VoteData:
    values = {
        "term_id": term.pk,
        "timestamp": AT,
        "motive": "Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām",
        "for_count": 1,
        "against_count": 1,
        "abstain_count": 0,
        "external_id": "e8ee3055-f869-4dba-80ee-07c13a4617dd",
    }
    values.update(fields)
    return VoteData(**values)


@pytest.fixture
def two_deputies():
    jv = FactionFactory(short_name="JV")
    return jv, DeputyFactory(), DeputyFactory()


def test_vote_upsert_twice_is_noop_and_a_changed_ballot_is_an_update(two_deputies):
    jv, a, b = two_deputies
    ballots = [BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)]

    vote, first = vote_upsert(data=_vote_data(jv.term), ballots=ballots)
    _, second = vote_upsert(data=_vote_data(jv.term), ballots=ballots)
    flipped = [BallotData(a.pk, "against", jv.pk), BallotData(b.pk, "for", None)]
    _, third = vote_upsert(data=_vote_data(jv.term), ballots=flipped)

    assert (first, second, third) == ("insert", "noop", "update")
    assert dict(vote.ballots.values_list("deputy_id", "choice")) == {a.pk: "against", b.pk: "for"}


def test_vote_upsert_an_empty_value_does_not_erase_another_sources_value(two_deputies):
    jv, a, b = two_deputies
    ballots = [BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)]
    vote_upsert(
        data=_vote_data(jv.term, outcome="rejected", outcome_label="Noraidīts"), ballots=ballots
    )

    vote, outcome = vote_upsert(data=_vote_data(jv.term), ballots=ballots)

    assert outcome == "noop"
    assert (vote.outcome, vote.outcome_label) == ("rejected", "Noraidīts")


def test_votes_upsert_finds_the_other_sources_copy_by_time_and_tallies(two_deputies):
    jv, a, b = two_deputies
    ballots = [BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)]
    titania, _ = vote_upsert(data=_vote_data(jv.term), ballots=ballots)

    [(opendata, outcome)] = votes_upsert(
        items=[(_vote_data(jv.term, external_id=None, opendata_id="VOTING-1", number=2), ballots)]
    )

    assert opendata.pk == titania.pk
    assert outcome == "update"
    stored = Vote.objects.get()
    assert (stored.external_id, stored.opendata_id, stored.number) == (
        "e8ee3055-f869-4dba-80ee-07c13a4617dd",
        "VOTING-1",
        2,
    )


def test_vote_check_rejects_what_does_not_add_up(two_deputies):
    jv, a, b = two_deputies
    data = _vote_data(jv.term)

    with pytest.raises(ApplicationError, match="the page says for 1 but 2 ballots say so"):
        vote_check(
            data=data, ballots=[BallotData(a.pk, "for", None), BallotData(b.pk, "for", None)]
        )
    with pytest.raises(ApplicationError) as twice:
        vote_check(
            data=data, ballots=[BallotData(a.pk, "for", None), BallotData(a.pk, "against", None)]
        )
    assert twice.value.message == DEPUTY_TWICE.format(deputy_id=a.pk)
    many = [BallotData(n, "for", None) for n in range(101)]
    with pytest.raises(ApplicationError) as too_many:
        vote_check(data=_vote_data(jv.term, for_count=101), ballots=many)
    assert too_many.value.message == TOO_MANY_BALLOTS.format(count=101, limit=100)


def test_vote_check_a_secret_ballot_has_tallies_but_no_ballots(two_deputies):
    jv, a, _ = two_deputies
    secret = _vote_data(jv.term, is_secret=True, for_count=50, against_count=40)

    vote_check(data=secret, ballots=[])
    with pytest.raises(ApplicationError, match="no per-deputy ballots"):
        vote_check(data=secret, ballots=[BallotData(a.pk, "for", None)])


def test_ballots_upsert_replaces_the_set_only_where_it_differs(two_deputies):
    jv, a, b = two_deputies
    vote, _ = vote_upsert(
        data=_vote_data(jv.term),
        ballots=[BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)],
    )
    kept = Ballot.objects.get(deputy=a).pk

    same = ballots_upsert(
        vote=vote, ballots=[BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)]
    )
    assert same == "noop"
    changed = ballots_upsert(
        vote=vote, ballots=[BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", jv.pk)]
    )
    assert changed == "update"
    assert Ballot.objects.get(deputy=a).pk == kept
    assert Ballot.objects.get(deputy=b).faction == jv


def test_sitting_upsert_gives_a_titania_sitting_its_open_data_id():
    term = TermFactory(number=14)
    day = dt.date(2026, 4, 16)
    titania, _ = sitting_upsert(
        data=SittingData(
            term_id=term.pk,
            date=day,
            external_id="01945b61-73bb-4d34-bac1-5cd2db8d4ae1",
            kind="regular",
        )
    )

    same, outcome = sitting_upsert(
        data=SittingData(term_id=term.pk, date=day, opendata_id="DK-1", kind="regular")
    )

    assert (same.pk, outcome, same.opendata_id) == (titania.pk, "update", "DK-1")
    assert same.external_id == "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"


def test_votes_link_bill_links_votes_on_that_document_only():
    term = TermFactory(number=14)
    on_bill, _ = vote_upsert(
        data=_vote_data(term, document_numbers="1292/Lp14", for_count=0, against_count=0)
    )
    about_bill, _ = vote_upsert(
        data=_vote_data(
            term,
            external_id="other",
            timestamp=AT + dt.timedelta(minutes=5),
            document_numbers="1292/Lp14, 950/Lm14",
            for_count=0,
            against_count=0,
        )
    )
    bill = BillFactory(term=term, number="1292/Lp14")

    assert votes_link_bill(bill=bill) == 1
    on_bill.refresh_from_db()
    about_bill.refresh_from_db()
    assert (on_bill.bill, about_bill.bill) == (bill, None)


def test_votes_upsert_keeps_the_first_titania_id_when_the_archived_page_names_it_otherwise(
    two_deputies,
):
    """A live page names the roll call by its GUID, the archived page by a 32-hex UNID."""
    jv, a, b = two_deputies
    ballots = [BallotData(a.pk, "for", jv.pk), BallotData(b.pk, "against", None)]
    live, _ = vote_upsert(data=_vote_data(jv.term), ballots=ballots)

    archived, outcome = vote_upsert(
        data=_vote_data(jv.term, external_id="896B8B28CE7DE8DDC22582890078D9DD"), ballots=ballots
    )

    assert (archived.pk, outcome) == (live.pk, "noop")
    assert Vote.objects.get().external_id == "e8ee3055-f869-4dba-80ee-07c13a4617dd"


# --- how ballot rows reach the table -------------------------------------------------------------


def _stored_rows(vote: Vote) -> list[tuple[int, str, int | None]]:
    return list(
        Ballot.objects.filter(vote=vote)
        .order_by("pk")
        .values_list("deputy_id", "choice", "faction_id")
    )


def test_votes_upsert_stores_ballots_in_printed_order_with_their_factions(two_deputies):
    jv, a, b = two_deputies
    c = DeputyFactory()
    printed = [BallotData(c.pk, "for", None), BallotData(a.pk, "against", jv.pk)]
    printed.append(BallotData(b.pk, "did_not_vote", jv.pk))

    vote, _ = vote_upsert(data=_vote_data(jv.term, not_voting_count=1), ballots=printed)

    assert _stored_rows(vote) == [tuple(ballot) for ballot in printed]


@pytest.mark.postgres
def test_copy_and_executemany_store_identical_rows(two_deputies):
    """PostgreSQL loads ballots with COPY, other databases with executemany: same rows, same
    order, NULL factions included."""
    jv, a, b = two_deputies
    c = DeputyFactory()
    by_copy = Vote.objects.create(**_vote_values(_vote_data(jv.term)))
    by_insert = Vote.objects.create(
        **_vote_values(_vote_data(jv.term, external_id=None, opendata_id="1"))
    )
    printed = [(c.pk, "absent", None), (a.pk, "for", jv.pk), (b.pk, "abstain", None)]

    _ballots_copy([(by_copy.pk, *row) for row in printed])
    _ballots_executemany([(by_insert.pk, *row) for row in printed])

    assert _stored_rows(by_copy) == _stored_rows(by_insert) == printed


@pytest.mark.postgres
def test_copy_is_refused_like_an_insert_with_djangos_integrity_error(two_deputies):
    jv, a, _ = two_deputies
    vote = Vote.objects.create(**_vote_values(_vote_data(jv.term)))

    with pytest.raises(IntegrityError), transaction.atomic():
        _ballots_copy([(vote.pk, a.pk, "for", None), (vote.pk, a.pk, "against", None)])
    with pytest.raises(IntegrityError), transaction.atomic():
        _ballots_copy([(vote.pk, a.pk, "maybe", None)])
    with transaction.atomic():
        _ballots_copy([(vote.pk, a.pk + 1000, "for", None)])  # no such deputy
        with connection.cursor() as cursor, pytest.raises(IntegrityError):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign key checks
        transaction.set_rollback(True)
    assert not Ballot.objects.filter(vote=vote).exists()


def _field_errors(check) -> dict[str, list[str]]:
    try:
        check()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({}, set()),
        ({"reading": "fourth"}, {"reading"}),
        ({"outcome": "maybe", "for_count": -1}, {"outcome", "for_count"}),
        ({"external_id": "x" * 200, "motive": ""}, {"external_id", "motive"}),
        ({"not_voting_count": -2, "number": -3}, {"not_voting_count", "number"}),
        ({"document_numbers": "", "reading": "", "opendata_id": None}, set()),
    ],
)
def test_vote_validate_finds_what_the_models_clean_fields_finds(fields, wrong):
    """vote_validate skips building a Vote per roll call, not any of its field checks."""
    data = _vote_data(TermFactory.build(pk=1), **fields)
    by_model = _field_errors(
        lambda: Vote(**_vote_values(data)).clean_fields(exclude=["term", "sitting", "bill"])
    )

    assert _field_errors(lambda: vote_validate(data=data)) == by_model
    assert set(by_model) == wrong
