"""Results on the hand-made term of conftest.py, with every expected figure worked out below.

The citizen answers q1 for (weight 2), q2 for (2), q3 against (3), q4 for (1), q5 abstain (2),
q6 for (2). q6 has polarity -1, so as ballots on the votes: v1 +1, v2 +1, v3 -1, v4 +1, v5 0,
v6 -1. Total answered weight 12. Stated: same 1, one side abstains 1/2, opposite 0. Effective:
1 when both are "for" or both are not "for" (abstain = against).

    a1  F F A F Ab F   stated  (2+2+3+1+2+0)/12 = 10/12 = 83.3 %  effective 10/12 = 83.3 %
    a2  F F A F F  F   stated  (2+2+3+1+1+0)/12 =  9/12 = 75.0 %  effective  8/12 = 66.7 %
    a3  F Ab A — F A   v4 absent: weight 11; stated (2+1+3+1+2)/11 = 81.8 %,
                        effective (2+0+3+0+2)/11 = 63.6 %, coverage 11/12 = 91.7 %, overlap 5
    b1  A A F A A  A   stated  (0+0+0+0+1+2)/12 = 25.0 %  effective (2+2)/12 = 33.3 %
    b2  A A F NV A F   v4 "Nebalsoja": weight 11; stated 1/11 = 9.1 %, effective 2/11 = 18.2 %

Faction majorities: A = F F A F F F; B = A A F A A and on v6 a tie (b1 A, b2 F), no position.

    A   stated (2+2+3+1+1+0)/12 = 75.0 %  effective 8/12 = 66.7 %  coverage 100 %
    B   v6 left out: weight 10; stated 1/10 = 10.0 %, effective 2/10 = 20.0 %, coverage 83.3 %
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

import numpy as np
import pytest

from parvaipret.participation.selectors import (
    question_list_published,
    question_weeks,
    respondent_results,
)
from tests.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def _scores(targets):
    return {t.label: (t.stated, t.effective, t.coverage, t.overlap) for t in targets}


def test_respondent_results_factions_match_the_worked_example(citizen):
    results = respondent_results(respondent=citizen)
    assert _scores(results.factions) == {
        "A": (75.0, 66.7, 100.0, 6),
        "B": (10.0, 20.0, 83.3, 5),
    }
    assert [t.label for t in results.factions] == ["A", "B"]
    assert (results.answered, results.scored) == (6, 6)


def test_respondent_results_deputies_match_the_worked_example(citizen):
    results = respondent_results(respondent=citizen)
    assert _scores(results.deputies) == {
        "A1 Deputātsa1": (83.3, 83.3, 100.0, 6),
        "A2 Deputātsa2": (75.0, 66.7, 100.0, 6),
        "A3 Deputātsa3": (81.8, 63.6, 91.7, 5),
        "B1 Deputātsb1": (25.0, 33.3, 100.0, 6),
        "B2 Deputātsb2": (9.1, 18.2, 91.7, 5),
    }
    assert {t.label: t.faction_label for t in results.deputies}["B2 Deputātsb2"] == "B"


def test_respondent_results_ranks_by_the_chosen_view(citizen):
    stated = respondent_results(respondent=citizen, view="stated")
    effective = respondent_results(respondent=citizen, view="effective")
    assert [t.name[:2] for t in stated.deputies] == ["A1", "A3", "A2", "B1", "B2"]
    assert [t.name[:2] for t in effective.deputies] == ["A1", "A2", "A3", "B1", "B2"]
    assert [t.agreement for t in effective.deputies] == [83.3, 66.7, 63.6, 33.3, 18.2]


def test_respondent_results_gives_no_percentage_below_min_overlap(small_term):
    respondent = RespondentFactory()
    for question in small_term.questions[:4]:
        AnswerFactory(respondent=respondent, question=question, choice="for", importance=1)
    results = respondent_results(respondent=respondent)
    a = next(t for t in results.factions if t.label == "A")
    # 4 questions in common, 5 needed: no number, but the coverage is still shown (4 of 4).
    assert (a.stated, a.effective, a.coverage, a.overlap) == (None, None, 100.0, 4)
    assert not results.ranked
    lowered = respondent_results(respondent=respondent, min_overlap=4)
    # A majority on v1..v4 = F F A F; citizen F F F F: 3 of 4 questions agree.
    assert next(t for t in lowered.factions if t.label == "A").stated == 75.0


def test_respondent_results_min_overlap_follows_the_setting(citizen, settings):
    settings.MATCHING_MIN_OVERLAP = 6
    results = respondent_results(respondent=citizen)
    assert results.min_overlap == 6
    # B and the deputies with 5 shared questions drop out of the ranking, to the end.
    assert [(t.label, t.stated) for t in results.factions] == [("A", 75.0), ("B", None)]
    assert [t.name[:2] for t in results.deputies] == ["A1", "A2", "B1", "A3", "B2"]


def test_respondent_results_breakdown_applies_polarity_and_absences(citizen, small_term):
    results = respondent_results(respondent=citizen)
    deputies = {t.name[:2]: t for t in results.deputies}
    a1 = {row.number: row for row in deputies["A1"].breakdown}
    assert [row.number for row in deputies["A1"].breakdown] == [1, 2, 3, 4, 5, 6]
    # a1 voted Par on v6, whose polarity is -1: that is "against" the question.
    assert (a1[6].answer.choice, a1[6].position, a1[6].match) == ("for", "against", "opposite")
    assert (a1[5].position, a1[5].match) == ("abstain", "same")
    assert {row.number: row.position for row in deputies["A3"].breakdown}[4] == "absent"
    assert {row.number: row.position for row in deputies["B2"].breakdown}[4] == "did_not_vote"
    assert {row.number: row.match for row in deputies["A2"].breakdown}[5] == "partly"


def test_respondent_results_breakdown_shows_faction_counts_and_members(citizen):
    results = respondent_results(respondent=citizen)
    b = {row.number: row for row in next(t for t in results.factions if t.label == "B").breakdown}
    # v6: b1 Pret, b2 Par; polarity -1 turns them into for 1, against 1: a tie, no position.
    assert (b[6].position, b[6].counts) == ("no_position", (1, 1, 0))
    assert [(m.name[:2], m.position) for m in b[6].members] == [("B1", "for"), ("B2", "against")]
    a = {row.number: row for row in next(t for t in results.factions if t.label == "A").breakdown}
    assert (a[2].position, a[2].counts) == ("for", (2, 0, 1))
    assert (a[4].counts, [m.position for m in a[4].members]) == (
        (2, 0, 0),
        ["for", "for", "absent"],
    )


def test_respondent_results_leaves_out_secret_votes_and_unpublished_questions(citizen, small_term):
    secret = VoteFactory(term=small_term.term, is_secret=True)
    hidden = QuestionVoteFactory(vote=secret).question  # published by the factory, bypassing
    AnswerFactory(respondent=citizen, question=hidden, choice="against")
    draft = QuestionVoteFactory(question__published_at=None, vote=small_term.votes[0]).question
    AnswerFactory(respondent=citizen, question=draft, choice="against", importance=3)

    results = respondent_results(respondent=citizen)

    assert results.answered == 7
    assert results.scored == 6
    assert results.unmatched_questions == [hidden.pk]
    assert _scores(results.factions)["A"] == (75.0, 66.7, 100.0, 6)


def test_respondent_results_places_the_citizen_on_the_map(citizen):
    results = respondent_results(respondent=citizen)
    assert results.map is not None
    assert sorted(results.map.names) == [
        "A1 Deputātsa1",
        "A2 Deputātsa2",
        "A3 Deputātsa3",
        "B1 Deputātsb1",
        "B2 Deputātsb2",
    ]
    assert results.map.coords.shape == (5, 2)
    assert np.isfinite(results.map.citizen.coords).all()
    assert results.map.citizen.columns_used == 6
    assert results.map.factions[0] == ["A"]


def test_respondent_results_without_answers_is_empty(small_term):
    results = respondent_results(respondent=RespondentFactory())
    assert (results.answered, results.factions, results.deputies) == (0, [], [])
    assert respondent_results(respondent=None).answered == 0


def test_question_list_published_leaves_out_drafts(small_term):
    QuestionFactory(published_at=None)
    assert list(question_list_published()) == small_term.questions[::-1]


def test_question_weeks_newest_week_first_then_in_voting_order(small_term):
    riga = ZoneInfo("Europe/Riga")
    older_vote = VoteFactory(
        term=small_term.term, timestamp=dt.datetime(2026, 4, 2, 10, 0, tzinfo=riga)
    )
    older = QuestionVoteFactory(vote=older_vote, question__published_at=timezone.now()).question
    respondent = RespondentFactory()
    answer = AnswerFactory(respondent=respondent, question=small_term.questions[1])

    weeks = question_weeks(respondent=respondent)

    assert [(w.monday, w.sunday) for w in weeks] == [
        (dt.date(2026, 4, 13), dt.date(2026, 4, 19)),
        (dt.date(2026, 3, 30), dt.date(2026, 4, 5)),
    ]
    assert [i.question for i in weeks[0].items] == small_term.questions
    assert [i.question for i in weeks[1].items] == [older]
    assert weeks[0].items[1].answer == answer
    assert weeks[0].items[0].answer is None
    assert weeks[0].items[0].first_vote == small_term.votes[0]


def test_respondent_results_without_detail_has_the_same_scores_and_citizen_point(citizen):
    full = respondent_results(respondent=citizen)
    brief = respondent_results(respondent=citizen, detail=False)

    for kind in ("factions", "deputies"):
        assert [
            (t.id, t.label, t.faction_label, t.colour, t.stated, t.effective, t.overlap)
            for t in getattr(brief, kind)
        ] == [
            (t.id, t.label, t.faction_label, t.colour, t.stated, t.effective, t.overlap)
            for t in getattr(full, kind)
        ]
        assert all(t.breakdown == () for t in getattr(brief, kind))
    assert brief.map is None
    np.testing.assert_array_equal(brief.citizen.coords, full.citizen.coords)
    np.testing.assert_array_equal(full.citizen.coords, full.map.citizen.coords)


def test_respondent_results_show_a_renamed_deputy_and_recoloured_faction(citizen, small_term):
    respondent_results(respondent=citizen, detail=False)  # the term's names are now in memory
    deputy = small_term.deputies["a1"]
    deputy.first_name = "Pārdēvēts"
    deputy.save()
    faction = small_term.factions["B"]
    faction.colour = "#123456"
    faction.save()

    results = respondent_results(respondent=citizen, detail=False)

    assert "Pārdēvēts Deputātsa1" in [t.label for t in results.deputies]
    assert {t.label: t.colour for t in results.factions}["B"] == "#123456"


def test_respondent_results_are_never_shared_between_respondents(citizen, small_term):
    other = RespondentFactory()
    for question in small_term.questions:
        AnswerFactory(respondent=other, question=question, choice="against", importance=2)

    mine = respondent_results(respondent=citizen, detail=False)
    theirs = respondent_results(respondent=other, detail=False)

    assert _scores(mine.factions)["A"] == (75.0, 66.7, 100.0, 6)
    assert _scores(theirs.factions)["A"] != _scores(mine.factions)["A"]
    assert _scores(respondent_results(respondent=citizen, detail=False).factions)["A"] == (
        75.0,
        66.7,
        100.0,
        6,
    )
