"""Dashboard numbers on the fixture term (conftest.py), checked against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from parvaipret.insights import selectors
from parvaipret.insights.forms import DashboardFilters
from tests.factories import DeputyFactory
from tests.insights.conftest import FixtureTerm

pytestmark = pytest.mark.django_db


def whole_term(fx: FixtureTerm, **kwargs) -> DashboardFilters:
    return DashboardFilters(term=fx.term, **kwargs)


def january(fx: FixtureTerm) -> DashboardFilters:
    return DashboardFilters(
        term=fx.term,
        period="month",
        month="2025-01",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 1, 31),
    )


def cell(data: selectors.AlignmentData, a: str, b: str) -> tuple[float | None, int]:
    names = [f.short_name for f in data.factions]
    i, j = names.index(a), names.index(b)
    return data.agreement[i][j], data.overlap[i][j]


# -- faction alignment ----------------------------------------------------------------------------


def test_faction_alignment_data_matches_hand_computed_stated_agreement(fixture_term):
    data = selectors.faction_alignment_data(filters=whole_term(fixture_term))

    # AA 36 member-votes, BB 20, CC 8: largest first.
    assert [f.short_name for f in data.factions] == ["AA", "BB", "CC"]
    assert data.votes == 8  # the secret ballot v9 is not counted
    # AA·BB on v1 v3 v4 v5 v6 v7 v8 (BB tied on v2): 0 + 1 + 1 + 0 + ½ + 0 + 1 = 3.5 of 7.
    assert cell(data, "AA", "BB") == (pytest.approx(3.5 / 7), 7)
    # AA·CC on v1 v2 v4 v5 v6 v7 v8 (CC had no voter on v3): 1 + 0 + 1 + ½ + ½ + 0 + 1 = 4 of 7.
    assert cell(data, "AA", "CC") == (pytest.approx(4 / 7), 7)
    # BB·CC on v1 v4 v5 v6 v7 v8: 0 + 1 + ½ + 1 + 1 + 1 = 4.5 of 6.
    assert cell(data, "BB", "CC") == (pytest.approx(0.75), 6)
    assert cell(data, "CC", "BB") == cell(data, "BB", "CC")
    assert cell(data, "AA", "AA") == (1.0, 8)


def test_faction_alignment_data_effective_view_counts_abstaining_as_against(fixture_term):
    data = selectors.faction_alignment_data(filters=whole_term(fixture_term, view="effective"))

    # AA·BB: v6 (X vs F) is now a disagreement: 3 of 7.
    assert cell(data, "AA", "BB") == (pytest.approx(3 / 7), 7)
    # BB·CC: v5 (A vs X) is now an agreement: 5 of 6.
    assert cell(data, "BB", "CC") == (pytest.approx(5 / 6), 6)


def test_faction_alignment_data_hides_pairs_below_the_minimum_overlap(fixture_term):
    data = selectors.faction_alignment_data(filters=january(fixture_term))

    assert data.votes == 4
    # AA·BB share only v1 v3 v4 in January: 3 < ALIGNMENT_MIN_OVERLAP (5).
    assert cell(data, "AA", "BB") == (None, 3)


def test_faction_alignment_data_topic_keeps_only_the_votes_behind_its_questions(fixture_term):
    data = selectors.faction_alignment_data(
        filters=whole_term(fixture_term, topic=fixture_term.topic)
    )

    assert data.votes == 1  # v1, behind q1 on education
    assert cell(data, "AA", "BB") == (None, 1)


def test_faction_split_votes_lists_the_votes_where_the_majorities_differ(fixture_term):
    fx = fixture_term
    rows = selectors.faction_split_votes(
        filters=whole_term(fx), faction_a=fx.factions["AA"], faction_b=fx.factions["BB"]
    )

    assert [r.vote_id for r in rows] == [fx.votes[k].pk for k in (6, 5, 4, 0)]  # newest first
    v6 = rows[1]
    assert (v6.position_a, v6.counts_a) == ("abstain", (0, 0, 3))
    assert (v6.position_b, v6.counts_b) == ("for", (3, 0, 0))


def test_faction_split_votes_effective_view_ignores_against_versus_abstain(fixture_term):
    fx = fixture_term
    stated = selectors.faction_split_votes(
        filters=whole_term(fx), faction_a=fx.factions["BB"], faction_b=fx.factions["CC"]
    )
    effective = selectors.faction_split_votes(
        filters=whole_term(fx, view="effective"),
        faction_a=fx.factions["BB"],
        faction_b=fx.factions["CC"],
    )

    assert [r.vote_id for r in stated] == [fx.votes[4].pk, fx.votes[0].pk]
    assert [r.vote_id for r in effective] == [fx.votes[0].pk]


# -- cohesion -------------------------------------------------------------------------------------


def test_cohesion_data_gives_monthly_agreement_index_per_faction(fixture_term):
    data = selectors.cohesion_data(filters=whole_term(fixture_term))
    series = {s.faction.short_name: s for s in data.series}

    assert data.months == ("2025-01", "2025-02")
    # AA: v1 1, v2 1.5·4/5 − ½ = 0.7, v3 1, v4 0.7 | v5 1, v6 1, v7 1.5·3/4 − ½ = 0.625, v8 1.
    assert series["AA"].values == pytest.approx((3.4 / 4, 3.625 / 4))
    assert series["AA"].counts == (4, 4)
    assert series["AA"].mean == pytest.approx(7.025 / 8)
    # BB: v1 1, v2 1.5·1/2 − ½ = 0.25, v3 1, v4 1 | v5 1, v6 1, v7 0.5, v8 0.5.
    assert series["BB"].values == pytest.approx((3.25 / 4, 0.75))
    # CC had no voter on v3: three votes in January.
    assert series["CC"].values == (1.0, 1.0)
    assert series["CC"].counts == (3, 4)


def test_cohesion_data_flags_small_factions(fixture_term):
    series = {
        s.faction.short_name: s
        for s in selectors.cohesion_data(filters=whole_term(fixture_term)).series
    }

    assert series["AA"].mean_members == pytest.approx(36 / 8)
    assert series["AA"].small is False
    assert series["BB"].mean_members == pytest.approx(20 / 8)
    assert series["BB"].small is True
    assert series["CC"].small is True


def test_cohesion_data_reads_coalition_periods_per_month(fixture_term):
    data = selectors.cohesion_data(filters=whole_term(fixture_term))
    flags = {s.faction.short_name: s.coalition for s in data.series}

    assert data.coalition_loaded is True
    assert flags == {"AA": (True, True), "BB": (False, False), "CC": (False, True)}


def test_cohesion_data_says_when_coalition_data_is_not_loaded(fixture_term_without_coalition):
    data = selectors.cohesion_data(filters=whole_term(fixture_term_without_coalition))

    assert data.coalition_loaded is False
    assert all(s.coalition is None for s in data.series)


# -- rebels, attendance, the map ----------------------------------------------------------------


def test_deputy_records_count_rebel_votes_and_attendance(fixture_term):
    records = {
        r.name.split()[-1]: r
        for r in selectors.deputy_records(filters=whole_term(fixture_term)).deputies
    }

    expected_rebels = {
        "D1": (1, 8),  # v7
        "D2": (1, 8),  # v4
        "D3": (1, 7),  # v2; absent from v6
        "D8": (0, 8),
        "D7": (1, 7),  # v8 (in BB); v3 Nebalsoja
        "D4": (0, 7),  # BB had no line on v2
        "D5": (1, 7),  # v7
        "D6": (0, 7),  # absent from v3
    }
    assert {k: (r.rebel_votes, r.rebel_counted) for k, r in records.items()} == expected_rebels
    assert {k: (r.cast, r.not_voting, r.absent, r.possible) for k, r in records.items()} == {
        "D1": (8, 0, 0, 8),
        "D2": (8, 0, 0, 8),
        "D3": (7, 0, 1, 8),
        "D8": (8, 0, 0, 8),
        "D7": (7, 1, 0, 8),
        "D4": (8, 0, 0, 8),
        "D5": (8, 0, 0, 8),
        "D6": (7, 0, 1, 8),
    }
    assert records["D7"].attendance == 1.0  # Nebalsoja is attendance, not absence
    assert records["D3"].attendance == 7 / 8


def test_deputy_records_follow_a_change_of_faction(fixture_term):
    records = {
        r.name.split()[-1]: r
        for r in selectors.deputy_records(filters=whole_term(fixture_term)).deputies
    }

    assert records["D7"].factions == ("AA", "BB")
    assert records["D7"].faction == "BB"
    assert records["D7"].colour == "#0000aa"
    assert records["D1"].factions == ("AA",)


def test_deputy_map_data_places_every_deputy_on_a_short_period(fixture_term):
    data = selectors.deputy_map_data(filters=whole_term(fixture_term))

    assert data.drawn
    assert data.votes_used == 7  # v3 was unanimous (minority 0 % < 2.5 %) and is left out
    assert len(data.coords) == 8
    assert all(x is not None and y is not None for x, y in data.coords)
    assert sum(data.explained) <= 1.0


def test_deputy_map_data_says_when_no_map_can_be_drawn(fixture_term):
    data = selectors.deputy_map_data(filters=whole_term(fixture_term, topic=fixture_term.topic))

    assert not data.drawn
    assert all(xy == (None, None) for xy in data.coords)


# -- public vs parliament -----------------------------------------------------------------------


def test_public_data_compares_answers_with_the_saeima_relative_to_each_question(fixture_term):
    data = selectors.public_data(filters=whole_term(fixture_term))
    questions = {q.question_id: q for q in data.questions}
    q1 = questions[fixture_term.questions["q1"].pk]
    q2 = questions[fixture_term.questions["q2"].pk]

    assert fixture_term.questions["q4"].pk not in questions  # unpublished
    assert (q1.citizen_counts, q1.saeima_counts, q1.adopted) == ((9, 2, 1), (6, 2, 0), True)
    assert q1.gap == pytest.approx(0.0)  # 9/12 = 6/8
    # v5 has polarity -1: Par on the vote is "no" to the question; adopted means "no".
    assert (q2.citizen_counts, q2.saeima_counts, q2.adopted) == ((8, 2, 0), (3, 4, 1), False)
    assert q2.gap_points == pytest.approx(100 * (0.8 - 3 / 8))
    stances = {s.faction.short_name: (s.position, s.counts) for s in q2.factions}
    assert stances == {
        "AA": ("against", (0, 4, 0)),
        "BB": ("for", (3, 0, 0)),
        "CC": ("abstain", (0, 0, 1)),
    }


def test_public_data_shows_no_shares_below_the_minimum_answers(fixture_term):
    data = selectors.public_data(filters=whole_term(fixture_term))
    q3 = next(q for q in data.questions if q.question_id == fixture_term.questions["q3"].pk)

    assert selectors.PUBLIC_MIN_ANSWERS == 10
    assert q3.answers == 3
    assert q3.citizen_counts is None
    assert q3.gap is None


def test_public_data_filters_by_the_decisive_votes_date_and_the_questions_topic(fixture_term):
    fx = fixture_term
    in_january = selectors.public_data(filters=january(fx))
    on_topic = selectors.public_data(filters=whole_term(fx, topic=fx.topic))

    assert [q.question_id for q in in_january.questions] == [fx.questions["q1"].pk]
    assert [q.question_id for q in on_topic.questions] == [fx.questions["q1"].pk]


# -- one deputy, one faction --------------------------------------------------------------------


def test_deputy_dashboard_summarises_the_record_and_agreement(fixture_term):
    fx = fixture_term
    data = selectors.deputy_dashboard(filters=whole_term(fx), deputy=fx.deputies["d7"])
    agreement = {a.faction.short_name: (a.stated, a.overlap) for a in data.agreements}

    assert data.choices == {"for": 4, "against": 2, "abstain": 1, "did_not_vote": 1, "absent": 0}
    assert data.rebel_vote_ids == (fx.votes[7].pk,)
    # d7 against AA's line: v1 1, v2 1, v4 1, v5 0, v6 ½, v7 0, v8 ½ = 4 of 7.
    assert agreement["AA"] == (pytest.approx(4 / 7), 7)
    # against BB's line (no line on v2): v1 0, v4 1, v5 1, v6 1, v7 1, v8 ½ = 4.5 of 6.
    assert agreement["BB"] == (pytest.approx(0.75), 6)
    assert agreement["CC"] == (pytest.approx(5 / 7), 7)


def test_deputy_dashboard_of_a_deputy_without_a_mandate_in_the_period(fixture_term):
    fx = fixture_term
    other = DeputyFactory()  # no membership, no ballot
    data = selectors.deputy_dashboard(filters=whole_term(fx), deputy=other)

    assert data.record is None
    assert data.agreements == ()


def test_deputy_votes_lists_rebel_and_missed_votes(fixture_term):
    fx = fixture_term
    filters = whole_term(fx)
    rebel = selectors.deputy_votes(filters=filters, deputy=fx.deputies["d3"], kind="rebel")
    missed = selectors.deputy_votes(filters=filters, deputy=fx.deputies["d3"], kind="absent")
    every = selectors.deputy_votes(filters=filters, deputy=fx.deputies["d3"], kind="all")

    assert [(r.vote_id, r.position, r.faction_line) for r in rebel] == [
        (fx.votes[1].pk, "against", "for")
    ]
    assert [(r.vote_id, r.position) for r in missed] == [(fx.votes[5].pk, "absent")]
    assert len(every) == 8


def test_faction_dashboard_counts_members_only_while_in_the_faction(fixture_term):
    fx = fixture_term
    data = selectors.faction_dashboard(filters=whole_term(fx), faction=fx.factions["AA"])
    members = {r.name.split()[-1]: r for r in data.members}
    agreement = {a.faction.short_name: (a.stated, a.overlap) for a in data.agreements}

    assert data.cohesion == pytest.approx(7.025 / 8)
    assert data.cohesion_votes == 8
    assert data.small is False
    assert sorted(members) == ["D1", "D2", "D3", "D7", "D8"]
    # d7 sat in AA for v1-v4: Nebalsoja on v3, no rebel vote on v1 v2 v4.
    assert (members["D7"].possible, members["D7"].cast, members["D7"].rebel_counted) == (4, 3, 3)
    assert members["D7"].rebel_votes == 0
    assert agreement == {"BB": (pytest.approx(0.5), 7), "CC": (pytest.approx(4 / 7), 7)}
