"""A small factory-built term whose agreement figures are worked out by hand in the tests.

Two factions, five deputies, six roll calls, one question per roll call (question 6 with polarity
-1: "for" on the question is "Pret" on the vote). F = Par, A = Pret, Ab = Atturas,
NV = Nebalsoja (present, no ballot), — = absent (no ballot row)::

            v1   v2   v3   v4   v5   v6
    a1      F    F    A    F    Ab   F       faction A
    a2      F    F    A    F    F    F       faction A
    a3      F    Ab   A    —    F    A       faction A
    b1      A    A    F    A    A    A       faction B
    b2      A    A    F    NV   A    F       faction B
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache

import pytest

from parvaipret.parliament.matrices import ballot_matrix_clear_memo
from parvaipret.parliament.models import Deputy, Faction, Term, Vote
from parvaipret.participation.models import Answer, Question, Respondent
from parvaipret.participation.selectors import term_matching_clear
from tests.factories import (
    BallotFactory,
    DeputyFactory,
    FactionFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    SittingFactory,
    TermFactory,
    VoteFactory,
)

RIGA = ZoneInfo("Europe/Riga")
F, A, AB, NV = "for", "against", "abstain", "did_not_vote"
TABLE = {
    "a1": [F, F, A, F, AB, F],
    "a2": [F, F, A, F, F, F],
    "a3": [F, AB, A, None, F, A],
    "b1": [A, A, F, A, A, A],
    "b2": [A, A, F, NV, A, F],
}
#: The citizen of the worked examples: (choice, importance) per question 1..6.
CITIZEN = [(F, 2), (F, 2), (A, 3), (F, 1), (AB, 2), (F, 2)]


@dataclass
class SmallTerm:
    term: Term
    factions: dict[str, Faction]
    deputies: dict[str, Deputy]
    votes: list[Vote]
    questions: list[Question]


@pytest.fixture(autouse=True)
def _fresh_matrix_cache():
    cache.clear()
    ballot_matrix_clear_memo()
    term_matching_clear()
    yield
    cache.clear()
    ballot_matrix_clear_memo()
    term_matching_clear()


@pytest.fixture
def small_term(db) -> SmallTerm:
    term = TermFactory()
    factions = {
        "A": FactionFactory(term=term, short_name="A", name="Frakcija A", colour="#aa0000"),
        "B": FactionFactory(term=term, short_name="B", name="Frakcija B", colour="#0000aa"),
    }
    deputies = {}
    for key in TABLE:
        deputy = DeputyFactory(first_name=key.upper(), last_name=f"Deputāts{key}")
        MembershipFactory(deputy=deputy, term=term, faction=factions[key[0].upper()])
        deputies[key] = deputy
    sitting = SittingFactory(term=term, date=dt.date(2026, 4, 16))
    votes = [
        VoteFactory(
            term=term,
            sitting=sitting,
            number=k + 1,
            timestamp=dt.datetime(2026, 4, 16, 9, 10 * k, tzinfo=RIGA),
        )
        for k in range(6)
    ]
    for key, row in TABLE.items():
        for vote, choice in zip(votes, row, strict=True):
            if choice is not None:
                BallotFactory(
                    vote=vote,
                    deputy=deputies[key],
                    choice=choice,
                    faction=factions[key[0].upper()],
                )
    questions = []
    for k, vote in enumerate(votes):
        question = QuestionFactory(text=f"Jautājums {k + 1}?", text_en=f"Question {k + 1}?")
        QuestionVoteFactory(question=question, vote=vote, polarity=-1 if k == 5 else 1)
        questions.append(question)
    return SmallTerm(
        term=term, factions=factions, deputies=deputies, votes=votes, questions=questions
    )


@pytest.fixture
def citizen(small_term: SmallTerm) -> Respondent:
    """A respondent who answered all six questions as ``CITIZEN``."""
    respondent = RespondentFactory()
    for question, (choice, importance) in zip(small_term.questions, CITIZEN, strict=True):
        Answer.objects.create(
            respondent=respondent, question=question, choice=choice, importance=importance
        )
    return respondent
