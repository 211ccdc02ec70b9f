"""Roll calls ↔ bills: `Vote.bill`, each stage's roll call, and the factions' positions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parvaipret.legislation.models import BillStage
from parvaipret.legislation.selectors import vote_faction_positions
from parvaipret.legislation.services import bill_link_votes, bill_upsert
from parvaipret.parliament.models import Vote
from tests.factories import BillFactory, BillStageFactory, VoteFactory
from tests.legislation.pages import VOTE_1292_REFERRAL

pytestmark = pytest.mark.django_db

RIGA = ZoneInfo("Europe/Riga")


def test_bill_link_votes_links_the_real_referral_vote_of_1292_lp14(sitting_2026_04_16, card_1292):
    bill = bill_upsert(record=card_1292, term=sitting_2026_04_16).bill

    assert bill_link_votes(bill=bill) == (1, 1)

    vote = Vote.objects.get(external_id=VOTE_1292_REFERRAL)
    referred = bill.stages.get(kind="referred")
    assert vote.bill == bill
    assert referred.vote == vote
    assert (vote.for_count, vote.against_count, vote.abstain_count) == (21, 44, 12)
    assert bill.stages.filter(vote__isnull=False).count() == 1


def test_bill_link_votes_twice_links_nothing_new(sitting_2026_04_16, card_1292):
    bill = bill_upsert(record=card_1292, term=sitting_2026_04_16).bill
    bill_link_votes(bill=bill)

    assert bill_link_votes(bill=bill) == (0, 0)


def _vote(bill, *, reading: str, at: tuple[int, int, int, int, int], motive: str = "", **extra):
    return VoteFactory(
        term=bill.term,
        bill=bill,
        reading=reading,
        timestamp=dt.datetime(*at, tzinfo=RIGA),
        motive=motive or f"{bill.title} ({bill.number}), {reading}.lasījums",
        document_numbers=bill.number,
        **extra,
    )


def test_bill_link_votes_picks_the_last_vote_of_the_reading_that_day_not_a_proposal(db):
    bill = BillFactory(number="1180/Lp14", title="Grozījumi Imigrācijas likumā")
    third = BillStageFactory(bill=bill, kind="reading_3", sequence=5, date=dt.date(2026, 3, 5))
    proposal = _vote(bill, reading="3", at=(2026, 3, 5, 10, 0), is_proposal=True)
    whole = _vote(bill, reading="3", at=(2026, 3, 5, 10, 30))
    _vote(bill, reading="3", at=(2026, 3, 5, 11, 0), is_proposal=True)
    _vote(bill, reading="3", at=(2026, 3, 12, 9, 0))  # another day
    _vote(bill, reading="2", at=(2026, 3, 5, 12, 0))  # another reading

    bill_link_votes(bill=bill)

    third.refresh_from_db()
    assert third.vote == whole
    assert third.vote != proposal


def test_bill_link_votes_ignores_a_vote_on_putting_the_bill_on_the_agenda(db):
    bill = BillFactory(number="1284/Lp14", title="Grozījumi Bibliotēku likumā")
    first = BillStageFactory(bill=bill, kind="reading_1", sequence=3, date=dt.date(2026, 4, 16))
    reading = _vote(bill, reading="1", at=(2026, 4, 16, 12, 2))
    _vote(
        bill,
        reading="1",
        at=(2026, 4, 16, 12, 30),
        motive="Par likumprojekta Grozījumi Bibliotēku likumā (1284/Lp14), 1.lasījums "
        "iekļaušanu Saeimas sēdes darba kārtībā",
    )

    bill_link_votes(bill=bill)

    first.refresh_from_db()
    assert first.vote == reading


def test_bill_link_votes_links_a_decision_stage_to_the_vote_on_the_decision(db):
    decision = BillFactory(number="942/Lm14", kind="decision", title="Par Rolanda Stūra iecelšanu")
    stage = BillStageFactory(bill=decision, kind="decision", sequence=1, date=dt.date(2026, 4, 16))
    vote = _vote(decision, reading="", at=(2026, 4, 16, 10, 5), motive="Par … (942/Lm14)")

    bill_link_votes(bill=decision)

    stage.refresh_from_db()
    assert stage.vote == vote


def test_bill_link_votes_keeps_a_vote_an_editor_set_when_none_can_be_told(db):
    bill = BillFactory()
    chosen = VoteFactory(term=bill.term)
    stage = BillStageFactory(bill=bill, kind=BillStage.Kind.READING_2, date=None, vote=chosen)

    bill_link_votes(bill=bill)

    stage.refresh_from_db()
    assert stage.vote == chosen


def test_vote_faction_positions_of_the_real_referral_of_1292_lp14(
    sitting_2026_04_16, django_assert_num_queries
):
    vote = Vote.objects.get(external_id=VOTE_1292_REFERRAL)

    with django_assert_num_queries(1):
        positions = vote_faction_positions(votes=[vote])[vote.pk]

    assert [(p.short_name, p.counts, p.position) for p in positions] == [
        ("JV", (0, 25, 0, 0), "against"),
        ("ZZS", (3, 2, 7, 3), "abstain"),
        ("AS", (0, 6, 2, 3), "against"),
        ("NA", (0, 1, 3, 4), "did_not_vote"),
        ("PRO", (0, 8, 0, 0), "against"),
        ("LPV", (7, 0, 0, 0), "for"),
        ("", (11, 2, 0, 0), "for"),
    ]
    assert positions[-1].faction_id is None
    assert sum(p.for_count for p in positions) == 21
    assert sum(p.against_count for p in positions) == 44


def test_vote_faction_positions_of_many_votes_is_one_query(
    sitting_2026_04_16, django_assert_num_queries
):
    votes = list(Vote.objects.all())

    with django_assert_num_queries(1):
        positions = vote_faction_positions(votes=votes)

    assert len(positions) == 30
    assert all(sum(p.for_count for p in positions[v.pk]) == v.for_count for v in votes)


def test_faction_position_is_split_on_a_tie(sitting_2026_04_16):
    vote = Vote.objects.get(external_id=VOTE_1292_REFERRAL)
    positions = vote_faction_positions(votes=[vote])[vote.pk]
    tie = positions[0].__class__(
        faction_id=None,
        short_name="X",
        colour="#888888",
        for_count=2,
        against_count=2,
        abstain_count=0,
        did_not_vote_count=0,
    )

    assert (tie.position, tie.position_label) == ("split", "split")
