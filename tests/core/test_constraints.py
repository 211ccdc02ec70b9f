"""Every model constraint is enforced by the database itself, bypassing services."""

import datetime as dt

from django.db import IntegrityError, transaction

import pytest

from parvaipret.dialogue.models import Response
from parvaipret.legislation.models import Subscription
from parvaipret.parliament.models import Ballot, Faction, Membership, Vote
from parvaipret.participation.models import Answer, QuestionVote
from tests.factories import (
    AnswerFactory,
    BallotFactory,
    BillFactory,
    BillStageFactory,
    DeputyAccountFactory,
    DeputyFactory,
    FactionFactory,
    InitiativeBillFactory,
    InitiativeFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionVoteFactory,
    SittingFactory,
    SubscriptionFactory,
    TermFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def rejects(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_ballot_rejects_same_deputy_twice_in_one_vote():
    ballot = BallotFactory()
    rejects(lambda: Ballot.objects.create(vote=ballot.vote, deputy=ballot.deputy, choice="against"))


def test_ballot_rejects_unknown_choice():
    vote, deputy = VoteFactory(), DeputyFactory()
    rejects(lambda: Ballot.objects.create(vote=vote, deputy=deputy, choice="maybe"))


def test_answer_rejects_second_answer_to_same_question():
    answer = AnswerFactory()
    rejects(
        lambda: Answer.objects.create(
            respondent=answer.respondent, question=answer.question, choice="against"
        )
    )


@pytest.mark.parametrize("importance", [0, 4])
def test_answer_rejects_importance_out_of_range(importance):
    answer = AnswerFactory.build()
    answer.respondent.save()
    answer.question.save()
    answer.importance = importance
    rejects(answer.save)


def test_answer_rejects_unknown_choice():
    answer = AnswerFactory()
    rejects(lambda: Answer.objects.filter(pk=answer.pk).update(choice="maybe"))


def test_membership_rejects_overlapping_seat():
    first = MembershipFactory(start=dt.date(2022, 11, 1), end=dt.date(2024, 1, 31))
    other_faction = FactionFactory(term=first.term)
    rejects(
        lambda: Membership.objects.create(
            deputy=first.deputy, term=first.term, faction=other_faction, start=dt.date(2024, 1, 15)
        )
    )


def test_membership_rejects_open_ended_overlap():
    first = MembershipFactory(start=dt.date(2022, 11, 1), end=None)
    rejects(
        lambda: Membership.objects.create(
            deputy=first.deputy, term=first.term, faction=None, start=dt.date(2026, 2, 10)
        )
    )


def test_membership_rejects_update_into_overlap():
    first = MembershipFactory(start=dt.date(2022, 11, 1), end=dt.date(2024, 1, 31))
    second = MembershipFactory(
        deputy=first.deputy, term=first.term, start=dt.date(2024, 2, 1), end=None
    )
    second.start = dt.date(2024, 1, 1)
    rejects(second.save)


def test_membership_accepts_consecutive_seats_after_faction_change():
    first = MembershipFactory(start=dt.date(2022, 11, 1), end=dt.date(2026, 2, 9))
    Membership.objects.create(
        deputy=first.deputy, term=first.term, faction=None, start=dt.date(2026, 2, 10)
    )
    assert Membership.objects.filter(deputy=first.deputy).count() == 2


def test_membership_rejects_end_before_start():
    rejects(lambda: MembershipFactory(start=dt.date(2024, 1, 1), end=dt.date(2023, 1, 1)))


def test_faction_rejects_duplicate_code_in_term():
    faction = FactionFactory(short_name="JV")
    rejects(lambda: Faction.objects.create(term=faction.term, short_name="JV", name="x"))


def test_faction_rejects_colour_that_is_not_hex():
    rejects(lambda: FactionFactory(colour="red"))


def test_vote_rejects_duplicate_titania_id():
    vote = VoteFactory()
    rejects(lambda: VoteFactory(external_id=vote.external_id))


def test_vote_rejects_duplicate_number_in_sitting():
    vote = VoteFactory(number=7)
    rejects(lambda: VoteFactory(sitting=vote.sitting, term=vote.term, number=7))


def test_vote_rejects_tally_above_100():
    rejects(lambda: VoteFactory(for_count=101))


def test_vote_allows_many_without_external_ids():
    term = TermFactory()
    VoteFactory(term=term, external_id=None, opendata_id=None)
    VoteFactory(term=term, external_id=None, opendata_id=None)
    assert Vote.objects.filter(external_id__isnull=True).count() == 2


def test_sitting_rejects_duplicate_titania_id():
    sitting = SittingFactory()
    rejects(lambda: SittingFactory(external_id=sitting.external_id))


def test_bill_rejects_duplicate_number():
    bill = BillFactory(number="1292/Lp14")
    rejects(lambda: BillFactory(number="1292/Lp14", term=bill.term))


def test_bill_stage_rejects_duplicate_stage():
    stage = BillStageFactory(sequence=1)
    rejects(lambda: BillStageFactory(bill=stage.bill, kind=stage.kind, sequence=1))


def test_initiative_rejects_duplicate_source_id():
    initiative = InitiativeFactory()
    rejects(lambda: InitiativeFactory(external_id=initiative.external_id))


def test_initiative_bill_link_rejects_duplicate():
    link = InitiativeBillFactory()
    rejects(lambda: InitiativeBillFactory(initiative=link.initiative, bill=link.bill))


def test_subscription_rejects_two_targets_or_none():
    initiative, bill = InitiativeFactory(), BillFactory()
    rejects(
        lambda: Subscription.objects.create(email="a@example.org", initiative=initiative, bill=bill)
    )
    rejects(lambda: Subscription.objects.create(email="a@example.org"))


def test_subscription_rejects_same_email_twice_for_one_initiative():
    sub = SubscriptionFactory()
    rejects(lambda: Subscription.objects.create(email=sub.email, initiative=sub.initiative))


def test_subscription_rejects_no_subscriber():
    rejects(lambda: Subscription.objects.create(initiative=InitiativeFactory()))


def test_question_vote_rejects_duplicate_and_bad_polarity():
    link = QuestionVoteFactory()
    rejects(lambda: QuestionVote.objects.create(question=link.question, vote=link.vote))
    rejects(
        lambda: QuestionVote.objects.create(question=QuestionFactory(), vote=link.vote, polarity=0)
    )


def test_deputy_account_speaks_for_exactly_one():
    rejects(lambda: DeputyAccountFactory(deputy=None))
    rejects(lambda: DeputyAccountFactory(faction=FactionFactory()))


def test_response_has_exactly_one_target():
    account = DeputyAccountFactory()
    rejects(lambda: Response.objects.create(account=account, deputy=account.deputy, text="x"))
    rejects(
        lambda: Response.objects.create(
            account=account,
            deputy=account.deputy,
            text="x",
            question=QuestionFactory(),
            vote=VoteFactory(),
        )
    )


def test_hidden_response_needs_a_reason():
    account = DeputyAccountFactory()
    rejects(
        lambda: Response.objects.create(
            account=account,
            deputy=account.deputy,
            question=QuestionFactory(),
            text="x",
            state="hidden",
        )
    )


def test_user_rejects_duplicate_username():
    UserFactory(username="anna")
    from parvaipret.accounts.models import User

    rejects(lambda: User.objects.create(username="anna"))
