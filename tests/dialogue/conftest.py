"""Roles and data for the dialogue tests: every role a permission test must cover."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

import pytest

from parvaipret.dialogue.models import DeputyAccount
from parvaipret.participation.models import Answer, Question
from tests.factories import (
    AnswerFactory,
    BallotFactory,
    DeputyAccountFactory,
    DeputyFactory,
    QuestionFactory,
    QuestionVoteFactory,
    UserFactory,
)

ROLES = ["anonymous", "citizen", "unverified_deputy", "verified_deputy", "moderator", "staff"]


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def citizen(db):
    return UserFactory(username="citizen")


@pytest.fixture
def deputy(db):
    return DeputyFactory(first_name="Inga", last_name="Bērziņa")


@pytest.fixture
def verified_account(deputy):
    return DeputyAccountFactory(
        user=UserFactory(username="office-berzina", email="office@example.org"),
        deputy=deputy,
        status=DeputyAccount.Status.VERIFIED,
    )


@pytest.fixture
def unverified_account(db):
    return DeputyAccountFactory(
        user=UserFactory(username="office-pending"),
        deputy=DeputyFactory(first_name="Jānis", last_name="Kalniņš"),
        status=DeputyAccount.Status.PENDING,
    )


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moderator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def staff(db):
    """Staff who verify deputy accounts in the admin; not moderators of responses."""
    user = UserFactory(username="staff", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="dialogue",
            codename__in=["view_deputyaccount", "change_deputyaccount", "view_response"],
        )
    )
    return user


@pytest.fixture
def users(citizen, verified_account, unverified_account, moderator, staff):
    """One user per role (None for anonymous)."""
    return {
        "anonymous": None,
        "citizen": citizen,
        "unverified_deputy": unverified_account.user,
        "verified_deputy": verified_account.user,
        "moderator": moderator,
        "staff": staff,
    }


@pytest.fixture
def login(client, users):
    """Sign the test client in as a role; returns the user (None for anonymous)."""

    def _login(role: str):
        user = users[role]
        if user is not None:
            client.force_login(user)
        return user

    return _login


def answer_question(question: Question, *, for_n: int = 0, against_n: int = 0, abstain_n: int = 0):
    """Real Answer rows from distinct respondents, as the public would leave them."""
    for choice, n in [
        (Answer.Choice.FOR, for_n),
        (Answer.Choice.AGAINST, against_n),
        (Answer.Choice.ABSTAIN, abstain_n),
    ]:
        AnswerFactory.create_batch(n, question=question, choice=choice)


def question_on_vote(vote, *, polarity: int = 1, **answers) -> Question:
    question = QuestionFactory()
    QuestionVoteFactory(question=question, vote=vote, polarity=polarity)
    answer_question(question, **answers)
    return question


def ballot(deputy, vote, choice, faction=None):
    return BallotFactory(deputy=deputy, vote=vote, choice=choice, faction=faction)
