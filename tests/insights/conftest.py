"""A small factory-built term whose dashboard figures are worked out by hand in the tests.

Three factions: AA (coalition for the whole term), BB (opposition) and CC (one member; opposition,
then coalition from 1 February 2025). Deputy d7 leaves AA for BB on 1 February 2025. Eight
roll calls in two months, and a secret ballot (v9) that no figure may count. F = Par,
A = Pret, X = Atturas, N = Nebalsoja (present, no ballot), — = absent (no ballot row)::

                 January 2025            February 2025
                 v1   v2   v3   v4       v5   v6   v7   v8
    d1  AA       F    F    A    F        F    X    A    F
    d2  AA       F    F    A    X        F    X    F    F
    d3  AA       F    A    A    F        F    —    F    F
    d8  AA       F    F    A    F        F    X    F    F
    d7  AA → BB  F    F    N    F        A    F    A    X
    d4  BB       A    A    A    F        A    F    A    F
    d5  BB       A    X    A    F        A    F    F    F
    d6  CC       F    A    —    F        X    F    A    F

Faction majorities (plurality of the members who voted; a tie is no position, "·")::

    AA           F    F    A    F        F    X    F    F
    BB           A    ·    A    F        A    F    A    F
    CC           F    A    ·    F        X    F    A    F

Questions (published unless said): q1 → v1 (topic "education"; 12 answers: 9 for, 2 against,
1 abstain), q2 → v5 with polarity -1 (10 answers: 8 for, 2 against), q3 → v7 (3 answers: too
few), q4 → v8 unpublished (11 answers, never shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache

import pytest

from parvaipret.parliament.matrices import ballot_matrix_clear_memo
from parvaipret.parliament.models import Deputy, Faction, Term, Vote
from parvaipret.participation.models import Answer, Question, Topic
from tests.factories import (
    BallotFactory,
    CoalitionPeriodFactory,
    DeputyFactory,
    FactionFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    SittingFactory,
    TermFactory,
    TopicFactory,
    VoteFactory,
)

RIGA = ZoneInfo("Europe/Riga")
F, A, X, N = "for", "against", "abstain", "did_not_vote"
TABLE = {
    "d1": [F, F, A, F, F, X, A, F],
    "d2": [F, F, A, X, F, X, F, F],
    "d3": [F, A, A, F, F, None, F, F],
    "d8": [F, F, A, F, F, X, F, F],
    "d7": [F, F, N, F, A, F, A, X],
    "d4": [A, A, A, F, A, F, A, F],
    "d5": [A, X, A, F, A, F, F, F],
    "d6": [F, A, None, F, X, F, A, F],
}
HOME = {"d1": "AA", "d2": "AA", "d3": "AA", "d8": "AA", "d4": "BB", "d5": "BB", "d6": "CC"}
SWITCH_DAY = dt.date(2025, 2, 1)
VOTE_TIMES = [
    dt.datetime(2025, 1, 9, 10, 0, tzinfo=RIGA),
    dt.datetime(2025, 1, 9, 10, 5, tzinfo=RIGA),
    dt.datetime(2025, 1, 16, 10, 0, tzinfo=RIGA),
    dt.datetime(2025, 1, 16, 10, 5, tzinfo=RIGA),
    dt.datetime(2025, 2, 6, 10, 0, tzinfo=RIGA),
    dt.datetime(2025, 2, 6, 10, 5, tzinfo=RIGA),
    dt.datetime(2025, 2, 13, 10, 0, tzinfo=RIGA),
    dt.datetime(2025, 2, 13, 10, 5, tzinfo=RIGA),
]
OUTCOMES = ["adopted", "adopted", "adopted", "adopted", "adopted", "adopted", "rejected", "adopted"]
ANSWERS = {"q1": (9, 2, 1), "q2": (8, 2, 0), "q3": (2, 1, 0), "q4": (5, 5, 1)}


@dataclass
class FixtureTerm:
    term: Term
    factions: dict[str, Faction]
    deputies: dict[str, Deputy]
    votes: list[Vote]
    secret: Vote
    questions: dict[str, Question]
    topic: Topic


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()
    ballot_matrix_clear_memo()
    yield
    cache.clear()
    ballot_matrix_clear_memo()


def _faction_of(key: str, when: dt.datetime) -> str:
    if key == "d7":
        return "AA" if when.date() < SWITCH_DAY else "BB"
    return HOME[key]


def build_fixture_term(*, coalition: bool = True) -> FixtureTerm:
    term = TermFactory(number=14, start=dt.date(2022, 11, 1))
    factions = {
        "AA": FactionFactory(term=term, short_name="AA", name="Frakcija AA", colour="#aa0000"),
        "BB": FactionFactory(term=term, short_name="BB", name="Frakcija BB", colour="#0000aa"),
        "CC": FactionFactory(term=term, short_name="CC", name="Frakcija CC", colour="#00aa00"),
    }
    if coalition:
        CoalitionPeriodFactory(faction=factions["AA"], start=dt.date(2023, 9, 15))
        CoalitionPeriodFactory(faction=factions["CC"], start=SWITCH_DAY)
    deputies = {}
    for number, key in enumerate(TABLE, start=1):
        deputy = DeputyFactory(first_name=f"Deputāts{number}", last_name=key.upper())
        deputies[key] = deputy
        if key == "d7":
            MembershipFactory(
                deputy=deputy,
                term=term,
                faction=factions["AA"],
                start=dt.date(2022, 11, 1),
                end=SWITCH_DAY - dt.timedelta(days=1),
            )
            MembershipFactory(deputy=deputy, term=term, faction=factions["BB"], start=SWITCH_DAY)
        else:
            MembershipFactory(deputy=deputy, term=term, faction=factions[HOME[key]])
    sittings = {}
    votes = []
    for k, when in enumerate(VOTE_TIMES):
        day = when.date()
        sittings.setdefault(day, SittingFactory(term=term, date=day))
        column = [row[k] for row in TABLE.values()]
        votes.append(
            VoteFactory(
                term=term,
                sitting=sittings[day],
                number=k + 1,
                timestamp=when,
                motive=f"Balsojums v{k + 1}",
                outcome=OUTCOMES[k],
                for_count=column.count(F),
                against_count=column.count(A),
                abstain_count=column.count(X),
                not_voting_count=column.count(N),
            )
        )
    secret = VoteFactory(
        term=term,
        sitting=sittings[VOTE_TIMES[-1].date()],
        number=9,
        timestamp=VOTE_TIMES[-1] + dt.timedelta(minutes=5),
        motive="Slepens balsojums v9",
        is_secret=True,
        for_count=50,
        against_count=40,
        abstain_count=0,
    )
    for key, row in TABLE.items():
        for vote, choice in zip(votes, row, strict=True):
            if choice is not None:
                BallotFactory(
                    vote=vote,
                    deputy=deputies[key],
                    choice=choice,
                    faction=factions[_faction_of(key, vote.timestamp)],
                )
    topic = TopicFactory(slug="education", name="Izglītība", name_en="Education")
    questions = {
        "q1": QuestionFactory(text="Jautājums 1?", text_en="Question 1?", topic=topic),
        "q2": QuestionFactory(text="Jautājums 2?", text_en="Question 2?"),
        "q3": QuestionFactory(text="Jautājums 3?", text_en="Question 3?"),
        "q4": QuestionFactory(text="Jautājums 4?", text_en="Question 4?", published_at=None),
    }
    QuestionVoteFactory(question=questions["q1"], vote=votes[0], polarity=1)
    QuestionVoteFactory(question=questions["q2"], vote=votes[4], polarity=-1)
    QuestionVoteFactory(question=questions["q3"], vote=votes[6], polarity=1)
    QuestionVoteFactory(question=questions["q4"], vote=votes[7], polarity=1)
    for key, counts in ANSWERS.items():
        for choice, n in zip((F, A, X), counts, strict=True):
            for _ in range(n):
                Answer.objects.create(
                    respondent=RespondentFactory(), question=questions[key], choice=choice
                )
    return FixtureTerm(
        term=term,
        factions=factions,
        deputies=deputies,
        votes=votes,
        secret=secret,
        questions=questions,
        topic=topic,
    )


@pytest.fixture
def fixture_term(db) -> FixtureTerm:
    return build_fixture_term()


@pytest.fixture
def fixture_term_without_coalition(db) -> FixtureTerm:
    return build_fixture_term(coalition=False)
