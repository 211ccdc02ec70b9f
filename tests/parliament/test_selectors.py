"""parliament.selectors: filters, members on a day, attendance."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parvaipret.parliament import selectors
from tests.factories import (
    BallotFactory,
    DeputyFactory,
    FactionFactory,
    MembershipFactory,
    SittingFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db

RIGA = ZoneInfo("Europe/Riga")


def test_vote_list_filters_by_day_sitting_and_matchability():
    term = TermFactory(number=14)
    sitting = SittingFactory(term=term, date=dt.date(2026, 4, 16))
    on_day = VoteFactory(
        term=term, sitting=sitting, timestamp=dt.datetime(2026, 4, 16, 9, 21, tzinfo=RIGA)
    )
    secret = VoteFactory(
        term=term,
        sitting=sitting,
        is_secret=True,
        timestamp=dt.datetime(2026, 4, 16, 10, 0, tzinfo=RIGA),
    )
    other_day = VoteFactory(term=term, timestamp=dt.datetime(2026, 4, 23, 9, 0, tzinfo=RIGA))

    assert list(selectors.vote_list(filters={"since": dt.date(2026, 4, 20)})) == [other_day]
    assert list(selectors.vote_list(filters={"sitting": sitting.pk})) == [secret, on_day]
    assert secret not in selectors.vote_list(filters={"matchable": True})
    assert list(selectors.sitting_votes(sitting=sitting)) == [on_day, secret]


def test_faction_members_are_those_whose_membership_covers_the_day():
    jv = FactionFactory(short_name="JV")
    always = MembershipFactory(faction=jv, term=jv.term, start=None, end=None)
    left = MembershipFactory(faction=jv, term=jv.term, start=None, end=dt.date(2026, 2, 10))
    joined = MembershipFactory(faction=jv, term=jv.term, start=dt.date(2026, 5, 1), end=None)

    assert set(selectors.faction_members(faction=jv, on=dt.date(2026, 4, 16))) == {always}
    assert set(selectors.faction_members(faction=jv, on=dt.date(2026, 1, 1))) == {always, left}
    assert set(selectors.faction_members(faction=jv, on=dt.date(2026, 6, 1))) == {always, joined}


def test_vote_faction_tallies_put_unaffiliated_last_and_larger_factions_first():
    jv, na = FactionFactory(short_name="JV"), FactionFactory(short_name="NA")
    vote = VoteFactory(term=jv.term, for_count=2, against_count=1)
    BallotFactory(vote=vote, faction=na, choice="for")
    BallotFactory(vote=vote, faction=jv, choice="for")
    BallotFactory(vote=vote, faction=jv, choice="against")
    BallotFactory(vote=vote, faction=None, choice="did_not_vote")

    tallies = selectors.vote_faction_tallies(vote=vote)

    assert [(t.faction.short_name if t.faction else None, t.total) for t in tallies] == [
        ("JV", 2),
        ("NA", 1),
        (None, 1),
    ]
    assert tallies[0].segments == [
        ("for", 1, 50.0),
        ("against", 1, 50.0),
        ("abstain", 0, 0.0),
        ("did_not_vote", 0, 0.0),
    ]


def test_deputy_profile_link_uses_the_term_of_the_unid():
    deputy = DeputyFactory(external_id="21A69EE21BA55AF2C22588E0002AE1E3")
    MembershipFactory(deputy=deputy, term=TermFactory(number=14), faction=None)

    assert selectors.deputy_profile_link(deputy=deputy) == (
        "https://titania.saeima.lv/personal/deputati/saeima14_depweb_public.nsf/"
        "0/21A69EE21BA55AF2C22588E0002AE1E3?OpenDocument&lang=LV"
    )
    assert selectors.deputy_profile_link(deputy=DeputyFactory(external_id=None)) is None
