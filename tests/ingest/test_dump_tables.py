"""export_dump / import_dump round-trip every public table, and nothing personal."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import models

import pytest

from parvaipret.accounts.models import User
from parvaipret.dialogue.models import Response
from parvaipret.ingest.dump import BUNDLED_SAMPLE
from parvaipret.ingest.dump_restore import (
    BAD_VALUE,
    UNKNOWN_REFERENCE,
    WRONG_FIELD_COUNT,
    dump_import_all,
)
from parvaipret.ingest.dump_tables import (
    ANSWER_COUNTS,
    BILLS,
    QUESTIONS,
    README,
    RESPONSES,
    TABLES,
    VOTES,
    deputy_key,
    dump_export_all,
    sitting_key,
    vote_key,
)
from parvaipret.ingest.models import RunError, ScrapeRun
from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS
from parvaipret.legislation.models import (
    Bill,
    BillStage,
    Initiative,
    InitiativeBill,
    Subscription,
)
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
from tests.factories import (
    AnswerFactory,
    BallotFactory,
    BillFactory,
    BillStageFactory,
    CoalitionPeriodFactory,
    DeputyAccountFactory,
    DeputyFactory,
    FactionFactory,
    InitiativeBillFactory,
    InitiativeFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    ResponseFactory,
    SittingFactory,
    SubscriptionFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    VoteFactory,
)

RIGA = ZoneInfo("Europe/Riga")
FETCHED = dt.datetime(2026, 4, 16, 10, 15, 30, 123456, tzinfo=dt.UTC)
PRIVATE_EMAIL = "privata.persona@example.lv"
READ_ONLY = {RESPONSES.file, ANSWER_COUNTS.file}
PUBLIC_MODELS: tuple[type[models.Model], ...] = (
    Term,
    Faction,
    CoalitionPeriod,
    Deputy,
    Membership,
    Sitting,
    Vote,
    Ballot,
    Bill,
    BillStage,
    Initiative,
    InitiativeBill,
    Topic,
    Question,
    QuestionVote,
)


def _source(name: str) -> dict:
    return {
        "source_url": f"https://titania.saeima.lv/{name}",
        "fetched_at": FETCHED,
        "checksum": "ab" * 32,
    }


def _fill_database() -> dict:
    """Every public model, with the corners a dump must keep: several terms, a faction change,
    a deputy without a titania id, a sitting and a roll call without ids of one kind, absent
    ballots, a secret ballot, a bill's stages with their votes, a law, an initiative's link,
    a published question with polarity -1; and private data that must stay out."""
    t13 = TermFactory(number=13, start=dt.date(2018, 11, 6), end=dt.date(2022, 10, 31))
    t14 = TermFactory(number=14, start=dt.date(2022, 11, 1))
    jv = FactionFactory(
        term=t14,
        short_name="JV",
        name="Frakcija JAUNĀ VIENOTĪBA",
        colour="#1F3E6E",
        aliases=["J.V."],
        founded_on=dt.date(2022, 11, 1),
        **_source("factions"),
    )
    zzs = FactionFactory(term=t14, short_name="ZZS", name="ZZS frakcija", colour="#2E8B57")
    old = FactionFactory(
        term=t13,
        short_name="KPV",
        name="KPV LV",
        colour="#AA00AA",
        dissolved_on=dt.date(2022, 1, 1),
    )
    CoalitionPeriodFactory(faction=jv, start=dt.date(2022, 12, 14), government="Kariņa 2.")
    CoalitionPeriodFactory(faction=zzs, start=dt.date(2023, 9, 15), end=None, government="Siliņas")

    a = DeputyFactory(
        first_name="Anna", last_name="Bērziņa", wikidata_id="Q123", **_source("deputies/a")
    )
    b = DeputyFactory(first_name="Jānis", last_name="Kalniņš")
    c = DeputyFactory(first_name="Līga", last_name="Ozola")
    nameless = DeputyFactory(first_name="Pēteris", last_name="Bez Id", external_id=None)
    MembershipFactory(deputy=a, term=t13, faction=old, start=None, end=dt.date(2022, 10, 31))
    MembershipFactory(
        deputy=a,
        term=t14,
        faction=jv,
        start=dt.date(2022, 11, 1),
        end=dt.date(2024, 1, 31),
        note="titania DepWeb list, 2026",
        **_source("memberships/a"),
    )
    MembershipFactory(deputy=a, term=t14, faction=zzs, start=dt.date(2024, 2, 1))
    MembershipFactory(deputy=b, term=t14, faction=None, start=dt.date(2022, 11, 1))
    MembershipFactory(deputy=c, term=t14, faction=zzs, start=None, is_substitute=True)
    MembershipFactory(deputy=nameless, term=t14, faction=jv, start=None)

    sitting = SittingFactory(term=t14, date=dt.date(2026, 4, 16), title="Kārtējā sēde")
    bare = SittingFactory(
        term=t14, date=dt.date(2026, 4, 23), external_id=None, kind=Sitting.Kind.UNKNOWN
    )
    bill = BillFactory(
        term=t14,
        number="1292/Lp14",
        title="Grozījumi Imigrācijas likumā",
        status=Bill.Status.PROCLAIMED,
        law_title="Grozījumi Imigrācijas likumā",
        law_url="https://likumi.lv/ta/id/1",
        committee="Aizsardzības komisija",
        **_source("bills/1292"),
    )
    referral = VoteFactory(
        term=t14,
        sitting=sitting,
        number=1,
        timestamp=dt.datetime(2026, 4, 16, 9, 5, 12, tzinfo=RIGA),
        motive="Grozījumi Imigrācijas likumā (1292/Lp14), nodošana komisijām",
        document_numbers="1292/Lp14",
        bill=bill,
        reading=Vote.Reading.REFERRAL,
        outcome=Vote.Outcome.ADOPTED,
        outcome_label="Pieņemts",
        for_count=2,
        against_count=1,
        abstain_count=0,
        not_voting_count=1,
        **_source("votes/1"),
    )
    for deputy, choice, faction in [
        (c, Ballot.Choice.FOR, zzs),
        (a, Ballot.Choice.FOR, zzs),
        (b, Ballot.Choice.AGAINST, None),
        (nameless, Ballot.Choice.DID_NOT_VOTE, jv),
    ]:
        BallotFactory(vote=referral, deputy=deputy, choice=choice, faction=faction)
    VoteFactory(  # a secret ballot on persons, known by its data.gov.lv id only
        term=t14,
        sitting=bare,
        external_id=None,
        opendata_id="123456",
        number=None,
        timestamp=dt.datetime(2026, 4, 23, 10, 0, tzinfo=RIGA),
        motive="Par Saeimas sekretāra ievēlēšanu",
        is_secret=True,
        is_candidate_vote=True,
        for_count=60,
        against_count=20,
        abstain_count=0,
    )
    reading = VoteFactory(
        term=t14,
        sitting=sitting,
        number=2,
        timestamp=dt.datetime(2026, 4, 16, 9, 30, tzinfo=RIGA),
        motive="Grozījumi Imigrācijas likumā (1292/Lp14), 1.lasījums",
        bill=bill,
        reading=Vote.Reading.FIRST,
        is_urgent=True,
        for_count=1,
        against_count=0,
        abstain_count=1,
    )
    BallotFactory(vote=reading, deputy=a, choice=Ballot.Choice.ABSTAIN, faction=zzs)
    BallotFactory(vote=reading, deputy=b, choice=Ballot.Choice.FOR, faction=None)
    BallotFactory(vote=reading, deputy=c, choice=Ballot.Choice.ABSENT, faction=zzs)
    BillStageFactory(
        bill=bill, kind=BillStage.Kind.SUBMITTED, sequence=0, date=dt.date(2026, 3, 31)
    )
    BillStageFactory(
        bill=bill,
        kind=BillStage.Kind.REFERRED,
        sequence=1,
        date=dt.date(2026, 4, 16),
        result="nodots komisijām",
        vote=referral,
        **_source("bills/1292"),
    )
    BillStageFactory(
        bill=bill,
        kind=BillStage.Kind.READING_1,
        sequence=2,
        date=dt.date(2026, 4, 16),
        deadline=dt.date(2026, 4, 30),
        vote=reading,
    )
    decision = BillFactory(
        term=t14,
        number="950/Lm14",
        kind=Bill.Kind.DECISION,
        decision_verb=Bill.DecisionVerb.FORWARD,
        decision_verb_text="nodot",
        decision_addressee="Ministru kabinetam",
    )

    editor = UserFactory(username="redaktore", email="redaktore@example.lv")
    initiative = InitiativeFactory(
        external_id="1234",
        url="https://manabalss.lv/i/1234",
        title="Par tīru gaisu",
        title_en="For clean air",
        author="Biedrība Gaiss",
        signatures=10512,
        threshold=10000,
        status=Initiative.Status.FORWARDED,
        status_label="Iesniegta Saeimā",
        published_on=dt.date(2025, 5, 1),
        submitted_on=dt.date(2025, 12, 1),
        **_source("initiatives/1234"),
    )
    InitiativeBillFactory(
        initiative=initiative,
        bill=decision,
        kind=InitiativeBill.Kind.DECISION,
        note="lēmums",
        confirmed_by=editor,
        confirmed_at=FETCHED,
    )
    InitiativeBillFactory(initiative=initiative, bill=bill, kind=InitiativeBill.Kind.RELATED)
    InitiativeFactory(source=Initiative.Source.LATVIJA_LV, external_id="77", title="Otra")

    topic = TopicFactory(slug="drosiba", name="Drošība", name_en="Security")
    popular = QuestionFactory(
        text="Vai atbalstāt grozījumus?",
        explanation="Balsojums par nodošanu komisijām.",
        topic=topic,
        published_at=dt.datetime(2026, 4, 17, 8, 0, 0, 654321, tzinfo=dt.UTC),
        published_by=editor,
    )
    QuestionVoteFactory(question=popular, vote=referral, polarity=1)
    QuestionVoteFactory(question=popular, vote=reading, polarity=-1)
    rare = QuestionFactory(text="Vai atbalstāt reto jautājumu?", topic=None)
    QuestionVoteFactory(question=rare, vote=reading)
    draft = QuestionFactory(text="Melnraksts: vēl nepublicēts", published_at=None)
    QuestionVoteFactory(question=draft, vote=referral)

    private = RespondentFactory(user=UserFactory(username="privata", email=PRIVATE_EMAIL))
    AnswerFactory(respondent=private, question=popular, choice=Answer.Choice.AGAINST)
    AnswerFactory.create_batch(PUBLIC_MIN_ANSWERS, question=popular, choice=Answer.Choice.FOR)
    AnswerFactory.create_batch(PUBLIC_MIN_ANSWERS - 1, question=rare)
    SubscriptionFactory(email="sekotajs@example.lv", initiative=initiative)

    account = DeputyAccountFactory(
        user=UserFactory(username="anna.office", email="anna@saeima.lv"),
        deputy=a,
        evidence="+371 2000 0000",
    )
    ResponseFactory(account=account, deputy=a, question=popular, text="Balsoju par, jo tā.")
    ResponseFactory(
        account=account,
        deputy=a,
        question=None,
        vote=reading,
        text="Slēpts teksts",
        state=Response.State.HIDDEN,
        moderation_reason="privātums",
    )
    return {"popular": popular, "rare": rare, "draft": draft}


def _files(path: Path) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in sorted(path.iterdir())}


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _snapshot() -> dict[str, list[tuple]]:
    """Every public row by value: relations as dump keys, no primary keys or bookkeeping."""
    skip = {"id", "created_at", "updated_at", "recorded_at", "confirmed_by", "published_by"}
    newest = {}
    for m in Membership.objects.select_related("term"):
        newest[m.deputy_id] = max(newest.get(m.deputy_id, 0), m.term.number)

    def key(obj: models.Model) -> object:
        if isinstance(obj, Term):
            return obj.number
        if isinstance(obj, Faction):
            return (obj.term.number, obj.short_name)
        if isinstance(obj, Deputy):
            return deputy_key(obj, newest.get(obj.pk))
        if isinstance(obj, Sitting):
            return sitting_key(obj, obj.term.number)
        if isinstance(obj, Vote):
            return vote_key(obj, obj.term.number)
        if isinstance(obj, Bill):
            return obj.number
        if isinstance(obj, Initiative):
            return (obj.source, obj.external_id)
        if isinstance(obj, Topic):
            return obj.slug
        if isinstance(obj, Question):
            return str(obj.public_id)
        raise AssertionError(type(obj))

    snapshot = {}
    for model in PUBLIC_MODELS:
        rows = []
        queryset = model.objects.all()
        if model is Question:
            queryset = queryset.filter(published_at__isnull=False)
        if model is QuestionVote:
            queryset = queryset.filter(question__published_at__isnull=False)
        for obj in queryset:
            row = []
            for f in model._meta.concrete_fields:
                if f.name in skip:
                    continue
                value = getattr(obj, f.name)
                row.append(key(value) if isinstance(value, models.Model) else repr(value))
            rows.append(tuple(row))
        snapshot[model.__name__] = sorted(rows, key=repr)
    return snapshot


def _empty_the_database() -> None:
    """Flush, then create and drop a row in each table so no primary key is reused."""
    call_command("flush", interactive=False, verbosity=0)
    term = TermFactory(number=99, start=dt.date(2099, 1, 1))
    vote = VoteFactory(term=term, sitting__term=term)
    deputy = DeputyFactory()
    question = QuestionFactory()
    bill = BillFactory(term=term, number="1/Lp99")
    for obj in (question, vote, vote.sitting, deputy, bill, term):
        obj.delete()


@pytest.mark.django_db(transaction=True)
def test_dump_round_trips_every_public_table_byte_for_byte(tmp_path):
    _fill_database()
    before = _snapshot()
    first = dump_export_all(path=tmp_path / "first")

    _empty_the_database()
    run = dump_import_all(path=tmp_path / "first")
    second = dump_export_all(path=tmp_path / "second")

    assert (run.status, run.failed, run.updated) == (ScrapeRun.Status.OK, 0, 0)
    assert list(RunError.objects.filter(run=run)) == []
    assert _snapshot() == before
    a, b = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert (
        set(a)
        == set(b)
        == {
            "deputies.csv",
            "votes.csv",
            "ballots.csv",
            README,
            *(table.file for table in TABLES),
        }
    )
    assert [name for name in a if name not in READ_ONLY and a[name] != b[name]] == []
    assert first.rows == {**second.rows, RESPONSES.file: 1}
    # Read-only files: the restored database has no accounts (so no responses) and no answers.
    assert _rows(b[RESPONSES.file]) == []
    assert [row["answers"] for row in _rows(b[ANSWER_COUNTS.file])] == ["0", "0"]


@pytest.mark.django_db
def test_dump_holds_every_public_row(tmp_path):
    data = _fill_database()
    result = dump_export_all(path=tmp_path)

    assert result.rows == {
        "parliament_terms.csv": 2,
        "parliament_factions.csv": 3,
        "parliament_coalition_periods.csv": 2,
        "parliament_deputies.csv": 4,
        "parliament_memberships.csv": 6,
        "parliament_sittings.csv": 2,
        "parliament_votes.csv": 3,
        "parliament_ballots.csv": 7,
        "legislation_bills.csv": 2,
        "legislation_bill_stages.csv": 3,
        "legislation_initiatives.csv": 2,
        "legislation_initiative_bills.csv": 2,
        "participation_topics.csv": 1,
        "participation_questions.csv": 2,
        "participation_question_votes.csv": 3,
        "dialogue_responses.csv": 1,
        "participation_answer_counts.csv": 2,
    }
    files = _files(tmp_path)
    questions = _rows(files[QUESTIONS.file])
    assert data["draft"].text not in files[QUESTIONS.file].decode()
    assert {row["question"] for row in questions} == {
        str(data["popular"].public_id),
        str(data["rare"].public_id),
    }
    stages = _rows(files["legislation_bill_stages.csv"])
    assert [(s["kind"], s["vote"] != "") for s in stages] == [
        ("submitted", False),
        ("referred", True),
        ("reading_1", True),
    ]
    deputies = {row["last_name"]: row for row in _rows(files["parliament_deputies.csv"])}
    assert deputies["Bez Id"]["deputy"] == "14/Pēteris Bez Id"
    assert deputies["Bērziņa"]["fetched_at"] == "2026-04-16T10:15:30.123456+00:00"
    factions = {row["short_name"]: row for row in _rows(files["parliament_factions.csv"])}
    assert (factions["JV"]["colour"], factions["JV"]["aliases"]) == ("#1F3E6E", '["J.V."]')
    initiative = _rows(files["legislation_initiatives.csv"])[1]
    assert (initiative["signatures"], initiative["threshold"]) == ("10512", "10000")
    assert initiative["source_url"] == "https://titania.saeima.lv/initiatives/1234"
    readme = files[README].decode()
    assert all(table.file in readme for table in TABLES)


@pytest.mark.django_db
def test_dump_names_no_person_no_answer_and_no_token(tmp_path):
    data = _fill_database()
    dump_export_all(path=tmp_path)

    private = {PRIVATE_EMAIL, "+371 2000 0000", "Slēpts teksts", "privātums"}
    for user in User.objects.all():
        private |= {user.username, user.email, user.password}
    for token, share_id in Respondent.objects.values_list("token", "share_id"):
        private |= {str(token), str(share_id), token.hex, share_id.hex}
    for subscription in Subscription.objects.all():
        private |= {subscription.token, subscription.email}

    leaks = {
        name: sorted(value for value in private if value and value in text.decode())
        for name, text in _files(tmp_path).items()
    }
    assert {name: found for name, found in leaks.items() if found} == {}
    counts = {row["question"]: row for row in _rows(_files(tmp_path)[ANSWER_COUNTS.file])}
    popular, rare = counts[str(data["popular"].public_id)], counts[str(data["rare"].public_id)]
    assert (popular["answers"], popular["answers_for"], popular["answers_against"]) == (
        str(PUBLIC_MIN_ANSWERS + 1),
        str(PUBLIC_MIN_ANSWERS),
        "1",
    )
    assert (rare["answers_for"], rare["answers_against"], rare["answers_abstain"]) == ("", "", "")


@pytest.mark.django_db
def test_dump_import_twice_reports_everything_unchanged(tmp_path):
    _fill_database()
    dump_export_all(path=tmp_path)

    first = dump_import_all(path=tmp_path)  # into the database it came from
    second = dump_import_all(path=tmp_path)

    for run in (first, second):
        assert (run.status, run.inserted, run.updated, run.failed) == ("ok", 0, 0, 0)
    # 2 terms, 3 factions, 2 coalition periods, 4 deputies, 6 memberships, 2 sittings, 2 bills,
    # 3 roll calls, 3 stages, 2 initiatives, 2 links, 1 topic, 2 questions, 3 question votes
    assert second.unchanged == 37


@pytest.mark.django_db(transaction=True)  # flush: PostgreSQL truncates outside a transaction
def test_dump_import_reports_a_malformed_row_and_imports_the_rest(tmp_path):
    _fill_database()
    dump = tmp_path / "dump"
    dump_export_all(path=dump)
    votes = (dump / VOTES.file).read_text(encoding="utf-8").splitlines(keepends=True)
    broken = next(i for i, line in enumerate(votes) if "1.lasījums" in line)
    votes[broken] = votes[broken].replace(",1,0,1,", ",1,0,one,", 1)
    (dump / VOTES.file).write_text("".join(votes), encoding="utf-8")
    bills = (dump / BILLS.file).read_text(encoding="utf-8").splitlines(keepends=True)
    bills[2] = "950/Lm14,14,decision\r\n"
    (dump / BILLS.file).write_text("".join(bills), encoding="utf-8")
    _empty_the_database()

    run = dump_import_all(path=dump)

    assert run.status == ScrapeRun.Status.PARTIAL
    messages = {error.source.rsplit("/", 1)[-1]: error.message for error in run.errors.all()}
    assert messages[f"{VOTES.file} line {broken + 1} (with its ballots)"] == BAD_VALUE.format(
        column="abstain_count", message="invalid literal for int() with base 10: 'one'"
    )
    assert messages[f"{BILLS.file} line 3"] == WRONG_FIELD_COUNT.format(count=3, expected=18)
    # what named the broken rows fails with them, and says why
    assert UNKNOWN_REFERENCE.format(what="bill", key="950/Lm14") in messages.values()
    assert Vote.objects.count() == 2
    assert Ballot.objects.count() == 4
    assert Bill.objects.get().number == "1292/Lp14"
    assert Deputy.objects.count() == 4
    assert Question.objects.count() == 2
    # the 2 broken rows; the stage held in the vote, the link to the bill, 2 questions' votes
    assert run.failed == 6


@pytest.mark.django_db
def test_import_dump_reads_a_folder_with_only_the_three_roll_call_files(tmp_path):
    run = dump_import_all(path=BUNDLED_SAMPLE)

    assert (run.status, run.inserted, run.failed) == ("ok", 270, 0)
    assert Ballot.objects.count() == 2670


@pytest.mark.django_db(transaction=True)
def test_dump_of_the_real_sample_round_trips(tmp_path):
    dump_import_all(path=BUNDLED_SAMPLE)
    dump_export_all(path=tmp_path / "first")

    _empty_the_database()
    run = dump_import_all(path=tmp_path / "first")
    dump_export_all(path=tmp_path / "second")

    assert (run.status, run.failed) == ("ok", 0)
    assert _files(tmp_path / "first") == _files(tmp_path / "second")
    again = dump_import_all(path=tmp_path / "second")
    assert (again.inserted, again.updated, again.failed) == (0, 0, 0)


@pytest.mark.django_db
def test_export_and_import_dump_commands_use_the_tables(tmp_path):
    _fill_database()
    out = io.StringIO()
    call_command("export_dump", str(tmp_path), stdout=out)
    assert "parliament_ballots.csv: 7 rows" in out.getvalue()

    out = io.StringIO()
    call_command("import_dump", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert "0 inserted, 0 updated, 37 unchanged, 0 failed" in out.getvalue()


@pytest.mark.django_db(transaction=True)  # flush: PostgreSQL truncates outside a transaction
def test_dump_import_dry_run_counts_and_stores_nothing(tmp_path):
    _fill_database()
    dump_export_all(path=tmp_path)
    _empty_the_database()

    run = dump_import_all(path=tmp_path, dry_run=True)

    assert (run.dry_run, run.inserted, run.failed) == (True, 37, 0)
    assert Vote.objects.count() == Deputy.objects.count() == Question.objects.count() == 0
