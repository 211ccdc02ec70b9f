"""factory_boy factories for every model. Test data only: never used by `make run`."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

import factory

from parvaipret.accounts.models import User
from parvaipret.dialogue.models import DeputyAccount, Response
from parvaipret.legislation.models import Bill, BillStage, Initiative, InitiativeBill, Subscription
from parvaipret.parliament.models import (
    Ballot,
    CoalitionPeriod,
    Deputy,
    Faction,
    Membership,
    Sitting,
    Term,
    Vote,
)
from parvaipret.participation.models import Answer, Question, QuestionVote, Respondent, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 14
    start = dt.date(2022, 11, 1)


class FactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faction

    term = factory.SubFactory(TermFactory)
    short_name = factory.Sequence(lambda n: f"F{n}")
    name = factory.LazyAttribute(lambda f: f"Frakcija {f.short_name}")
    colour = "#336699"


class CoalitionPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionPeriod

    faction = factory.SubFactory(FactionFactory)
    start = dt.date(2023, 9, 15)


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    first_name = factory.Sequence(lambda n: f"Vārds{n}")
    last_name = factory.Sequence(lambda n: f"Uzvārds{n}")
    external_id = factory.Sequence(lambda n: f"{n:032X}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    deputy = factory.SubFactory(DeputyFactory)
    term = factory.SubFactory(TermFactory)
    faction = factory.SubFactory(FactionFactory, term=factory.SelfAttribute("..term"))
    start = dt.date(2022, 11, 1)


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting

    term = factory.SubFactory(TermFactory)
    date = dt.date(2026, 4, 16)
    kind = Sitting.Kind.REGULAR
    external_id = factory.Faker("uuid4")


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    term = factory.SubFactory(TermFactory)
    sitting = factory.SubFactory(SittingFactory, term=factory.SelfAttribute("..term"))
    external_id = factory.Faker("uuid4")
    number = factory.Sequence(lambda n: n + 1)
    timestamp = factory.LazyFunction(
        lambda: dt.datetime(2026, 4, 16, 9, 30, tzinfo=ZoneInfo("Europe/Riga"))
    )
    motive = factory.Sequence(lambda n: f"Grozījumi likumā ({1000 + n}/Lp14), 1.lasījums")
    for_count = 0
    against_count = 0
    abstain_count = 0


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(VoteFactory)
    deputy = factory.SubFactory(DeputyFactory)
    choice = Ballot.Choice.FOR


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: f"{1000 + n}/Lp14")
    kind = Bill.Kind.BILL
    title = factory.Sequence(lambda n: f"Grozījumi likumā {n}")


class BillStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillStage

    bill = factory.SubFactory(BillFactory)
    kind = BillStage.Kind.SUBMITTED
    date = dt.date(2026, 3, 31)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    source = Initiative.Source.MANABALSS
    external_id = factory.Sequence(lambda n: f"initiative-{n}")
    title = factory.Sequence(lambda n: f"Iniciatīva {n}")
    threshold = 10000


class InitiativeBillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeBill

    initiative = factory.SubFactory(InitiativeFactory)
    bill = factory.SubFactory(BillFactory)
    kind = InitiativeBill.Kind.LED_TO


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    initiative = factory.SubFactory(InitiativeFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Tēma {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"Vai atbalstāt priekšlikumu {n}?")
    text_en = factory.Sequence(lambda n: f"Do you support proposal {n}?")
    published_at = factory.LazyFunction(timezone.now)


class QuestionVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionVote

    question = factory.SubFactory(QuestionFactory)
    vote = factory.SubFactory(VoteFactory)


class RespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respondent


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    respondent = factory.SubFactory(RespondentFactory)
    question = factory.SubFactory(QuestionFactory)
    choice = Answer.Choice.FOR
    importance = 2


class DeputyAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyAccount

    user = factory.SubFactory(UserFactory)
    deputy = factory.SubFactory(DeputyFactory)
    status = DeputyAccount.Status.VERIFIED


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    account = factory.SubFactory(DeputyAccountFactory)
    deputy = factory.SelfAttribute("account.deputy")
    question = factory.SubFactory(QuestionFactory)
    text = "Es balsoju pret, jo …"
