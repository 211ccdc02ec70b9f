"""The bills pipeline on saved real pages (never the network): cards → bills and stages, votes
linked, agenda labels; a second run is all noop; bad pages are quarantined, the run goes on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io

from django.core import mail
from django.core.management import call_command

import pytest

from parvaipret.ingest.bills import (
    agenda_outcomes_apply,
    bill_numbers_from_votes,
    bills_sync,
    parse_card_page,
)
from parvaipret.ingest.dump import dump_import
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE
from parvaipret.ingest.models import QuarantinedPage, RunError, ScrapeRun, SourcePage
from parvaipret.ingest.runs import RunLog
from parvaipret.legislation.models import Bill, BillStage, Event
from parvaipret.legislation.services import bill_upsert
from parvaipret.parliament.models import Term, Vote
from scrapers.saeima.agenda import parse_agenda_snapshot
from scrapers.saeima.urls import document_card_url
from tests.factories import SubscriptionFactory
from tests.legislation.pages import (
    AGENDA_2026_04_16,
    BILL_CARD_1292,
    DUMP,
    FETCHED_AT,
    REQUEST_CARD_1_P14,
    SYNTHETIC_BILL_CARD_1292_HTML,
    URL_953,
    URL_953_TEXT,
    URL_1292,
    URL_AGENDA,
    VOTE_1292_REFERRAL,
    SavedPages,
    real_pages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The expected texts below are the English ones (Latvian is the site's default)."""
    settings.LANGUAGE_CODE = "en"


DAY = dt.date(2026, 4, 16)


@pytest.fixture
def sitting(db) -> Term:
    assert dump_import(path=DUMP).failed == 0
    return Term.objects.get(number=14)


def _sync(fetcher, **options) -> ScrapeRun:
    options.setdefault("numbers", ["1292/Lp14", "953/Lm14"])
    options.setdefault("agendas", True)
    return bills_sync(fetcher=fetcher, since=DAY, until=DAY, **options)


def test_bills_sync_stores_the_real_cards_and_links_their_votes(sitting):
    run = _sync(real_pages())

    assert (run.status, run.failed) == ("ok", 0)
    assert run.inserted == 7  # 2 bills + 5 stages
    bill = Bill.objects.get(number="1292/Lp14")
    assert (bill.source_url, bill.fetched_at) == (URL_1292, FETCHED_AT)
    assert bill.checksum == hashlib.sha256(BILL_CARD_1292.read_bytes()).hexdigest()
    assert bill.stages.get(kind="referred").vote.external_id == VOTE_1292_REFERRAL
    assert Vote.objects.get(external_id=VOTE_1292_REFERRAL).bill == bill
    decision = Bill.objects.get(number="953/Lm14")
    assert (decision.decision_verb_text, decision.decision_text_url) == ("piekrist", URL_953_TEXT)
    assert list(decision.stages.values_list("kind", "date")) == [
        ("submitted", DAY),
        ("decision", DAY),
    ]
    labels = dict(Vote.objects.values_list("external_id", "outcome_label"))
    assert labels[VOTE_1292_REFERRAL] == "Noraidīts"
    assert sum(1 for label in labels.values() if label) == 30
    assert Vote.objects.get(external_id=VOTE_1292_REFERRAL).outcome == "rejected"


def test_bills_sync_twice_is_all_noop(sitting):
    _sync(real_pages())
    events = Event.objects.count()

    second = _sync(real_pages())
    SourcePage.objects.all().delete()  # forget the checksums: the cards are parsed again
    third = _sync(real_pages())

    for run in (second, third):
        assert (run.status, run.inserted, run.updated, run.failed) == ("ok", 0, 0, 0)
        assert run.unchanged > 0
    assert Event.objects.count() == events


def test_bills_sync_quarantines_a_page_that_does_not_parse_and_goes_on(sitting):
    fetcher = real_pages()
    fetcher.pages[URL_1292] = AGENDA_2026_04_16.read_bytes()  # not a card

    run = _sync(fetcher, agendas=False)

    assert (run.status, run.failed) == ("partial", 1)
    error = RunError.objects.get(run=run)
    assert (error.kind, error.source) == (KIND_PARSE, URL_1292)
    quarantined = QuarantinedPage.objects.get(run=run)
    assert bytes(quarantined.content) == AGENDA_2026_04_16.read_bytes()
    assert list(Bill.objects.values_list("number", flat=True)) == ["953/Lm14"]


def test_bills_sync_counts_a_page_it_cannot_fetch_and_goes_on(sitting):
    run = _sync(real_pages(), numbers=["1292/Lp14", "9999/Lp14"], agendas=False)

    assert (run.status, run.failed) == ("partial", 1)
    error = RunError.objects.get(run=run)
    assert (error.kind, error.source) == (KIND_FETCH, document_card_url("9999/Lp14"))
    assert Bill.objects.filter(number="1292/Lp14").exists()


def test_bills_sync_keeps_a_decision_whose_text_does_not_parse(sitting):
    fetcher = real_pages()
    fetcher.pages[URL_953_TEXT] = BILL_CARD_1292.read_bytes()

    run = _sync(fetcher, numbers=["953/Lm14"], agendas=False)

    assert run.failed == 1
    assert Bill.objects.get(number="953/Lm14").decision_verb_text == ""
    assert BillStage.objects.filter(bill__number="953/Lm14").count() == 2


def test_bills_sync_dry_run_stores_nothing(sitting):
    run = _sync(real_pages(), dry_run=True)

    assert (run.dry_run, run.inserted, run.failed) == (True, 7, 0)
    assert Bill.objects.count() == 0
    assert Vote.objects.exclude(outcome_label="").count() == 0
    assert SourcePage.objects.count() == 0


def test_bills_sync_from_votes_asks_for_every_bill_and_decision_voted_on(sitting):
    fetcher = real_pages()

    run = bills_sync(fetcher=fetcher, from_votes=True, agendas=False)

    numbers = bill_numbers_from_votes(term=sitting)
    assert len(numbers) == 29
    assert numbers[:3] == ["942/Lm14", "950/Lm14", "991/Lp14"]
    assert "124/P14" not in numbers  # a request, not a bill
    assert fetcher.requested == [document_card_url(n) for n in numbers]
    assert run.failed == 28  # only 1292/Lp14 is saved; the others are 404s, the run goes on
    assert Bill.objects.get().number == "1292/Lp14"


def test_bills_sync_by_default_reads_recent_and_open_bills_and_the_agendas(sitting):
    fetcher = real_pages()
    bills_sync(fetcher=fetcher, numbers=["953/Lm14"], agendas=False)
    fetcher.requested.clear()

    bills_sync(fetcher=fetcher, since=DAY, until=DAY)

    asked = set(fetcher.requested)
    assert {URL_1292, URL_AGENDA} <= asked  # 1292/Lp14 was voted on that day
    assert URL_953 not in asked  # adopted: its path has ended


def test_parse_card_page_reads_the_raw_html_card_like_the_rendered_one():
    html = SavedPages({URL_1292: SYNTHETIC_BILL_CARD_1292_HTML}).get(URL_1292)
    rendered = SavedPages({URL_1292: BILL_CARD_1292}).get(URL_1292)

    from_html = parse_card_page(html, number="1292/Lp14")
    from_snapshot = parse_card_page(rendered, number="1292/Lp14")

    assert from_html.stages == from_snapshot.stages
    assert from_html.outcome == from_snapshot.outcome


def test_bills_sync_stores_a_raw_request_card(sitting):
    fetcher = SavedPages({document_card_url("1/P14"): REQUEST_CARD_1_P14})

    run = bills_sync(fetcher=fetcher, numbers=["1/P14"], agendas=False)

    assert run.failed == 0
    request = Bill.objects.get(number="1/P14")
    assert (request.kind, request.status, request.status_label) == (
        "other",
        "withdrawn",
        "Atsaukts",
    )
    assert list(request.stages.values_list("kind", "result")) == [
        ("submitted", ""),
        ("decision", "Nodots Pieprasījumu komisijai"),
        ("decision", "Atsaukts"),
    ]


def test_agenda_outcomes_apply_labels_only_the_roll_call_with_the_printed_tallies(sitting):
    vote = Vote.objects.get(external_id=VOTE_1292_REFERRAL)
    Vote.objects.filter(pk=vote.pk).update(for_count=20)  # the agenda prints 21
    agenda = parse_agenda_snapshot(AGENDA_2026_04_16.read_text(encoding="utf-8"), url=URL_AGENDA)
    log = RunLog(pipeline="test", dry_run=True)

    agenda_outcomes_apply(log=log, agenda=agenda)

    assert Vote.objects.get(pk=vote.pk).outcome_label == ""
    assert (log.counts["update"], log.counts["failed"]) == (29, 0)


def test_bills_sync_tells_followers_about_new_stages_once(
    sitting, django_capture_on_commit_callbacks
):
    card = parse_card_page(real_pages().get(URL_1292), number="1292/Lp14")
    early = dataclasses.replace(card, stages=card.stages[:2], outcome=None, status=None)
    bill = bill_upsert(record=early, term=sitting).bill
    SubscriptionFactory(
        bill=bill,
        initiative=None,
        email="a@example.org",
        confirmed_at=dt.datetime(2026, 4, 14, tzinfo=dt.UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        _sync(real_pages(), numbers=["1292/Lp14"], agendas=False)
    with django_capture_on_commit_callbacks(execute=True):
        _sync(real_pages(), numbers=["1292/Lp14"], agendas=False)

    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Nodošana komis." in mail.outbox[0].body


def test_scrape_bills_command_reports_the_run(sitting, monkeypatch, capsys):
    monkeypatch.setattr(
        "parvaipret.ingest.management.commands.scrape_bills.default_fetcher",
        lambda save_dir=None: real_pages(),
    )
    out = io.StringIO()

    call_command("scrape_bills", "--number", "1292/Lp14", stdout=out)

    assert out.getvalue().startswith("scrape_bills: 4 inserted, 2 updated, ")
    assert "[##############################] 1/1 cards done" in capsys.readouterr().err


def test_scrape_bills_command_refuses_a_malformed_number(sitting):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a LIVS document number"):
        call_command("scrape_bills", "--number", "1292-Lp14")
