"""bill_upsert on the real cards of 1292/Lp14 and 953/Lm14: rows, stages, events, idempotency."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from parvaipret.core.exceptions import ApplicationError
from parvaipret.legislation.models import Bill, BillStage, Event
from parvaipret.legislation.services import TERM_MISMATCH, bill_status, bill_upsert
from scrapers.records.legislation import (
    BillStageRecord,
    DecisionTextRecord,
    DecisionVerb,
    StageKind,
)
from tests.factories import TermFactory
from tests.legislation.pages import URL_1292

pytestmark = pytest.mark.django_db


def test_bill_upsert_stores_the_real_card_of_1292_lp14(term14, card_1292, provenance_1292):
    result = bill_upsert(record=card_1292, term=term14, provenance=provenance_1292)

    bill = Bill.objects.get(number="1292/Lp14")
    assert (result.outcome, result.stage_outcomes) == ("insert", ["insert", "insert", "insert"])
    assert (bill.kind, bill.title, bill.status, bill.status_label) == (
        "bill",
        "Grozījumi Saeimas vēlēšanu likumā",
        "rejected",
        "Noraidīts",
    )
    assert bill.submitters == (
        "Armaņeva Maija, Liepiņa Linda, Jencītis Mārcis, Šlesers Ričards, Stobova Ilze"
    )
    assert (bill.source_url, bill.fetched_at, bill.checksum) == (
        URL_1292,
        provenance_1292.fetched_at,
        "a" * 64,
    )
    stages = list(bill.stages.values_list("kind", "sequence", "date", "result", "document_numbers"))
    assert stages == [
        ("submitted", 0, dt.date(2026, 3, 31), "", ""),
        ("presidium", 1, dt.date(2026, 4, 13), "", ""),
        ("referred", 2, dt.date(2026, 4, 16), "Noraidīts", "4595, 4595A"),
    ]


def test_bill_upsert_records_one_event_per_new_stage(term14, card_1292, provenance_1292):
    bill_upsert(record=card_1292, term=term14, provenance=provenance_1292)

    events = Event.objects.order_by("pk")
    assert [(e.kind, e.date, e.summary) for e in events] == [
        ("stage", dt.date(2026, 3, 31), "1292/Lp14 · Iesniegts · 31.03.2026"),
        ("stage", dt.date(2026, 4, 13), "1292/Lp14 · Prezidijs · 13.04.2026"),
        ("stage", dt.date(2026, 4, 16), "1292/Lp14 · Nodošana komis. · 16.04.2026 · Noraidīts"),
    ]
    assert {e.stage.bill.number for e in events} == {"1292/Lp14"}


def test_bill_upsert_twice_is_a_noop_and_records_nothing(term14, card_1292, provenance_1292):
    bill_upsert(record=card_1292, term=term14, provenance=provenance_1292)
    second = bill_upsert(record=card_1292, term=term14, provenance=provenance_1292)

    assert (second.outcome, second.stage_outcomes, second.events) == (
        "noop",
        ["noop", "noop", "noop"],
        [],
    )
    assert Event.objects.count() == 3


def test_bill_upsert_adds_a_new_stage_and_updates_a_changed_one(term14, card_1292):
    early = dataclasses.replace(card_1292, stages=card_1292.stages[:2], outcome=None, status=None)
    bill_upsert(record=early, term=term14)
    presidium = dataclasses.replace(card_1292.stages[1], result="Nodot komisijām")
    changed = dataclasses.replace(
        card_1292, stages=(card_1292.stages[0], presidium, card_1292.stages[2])
    )

    result = bill_upsert(record=changed, term=term14)

    assert (result.outcome, result.stage_outcomes) == ("update", ["noop", "update", "insert"])
    assert [e.stage.kind for e in result.events] == ["referred"]
    assert BillStage.objects.get(kind="presidium").result == "Nodot komisijām"


def test_bill_upsert_moves_stages_when_a_column_is_inserted_before_them(term14, card_1292):
    bill_upsert(record=card_1292, term=term14)
    reconsidered = BillStageRecord(
        StageKind.RECONSIDERATION, "Otrreizēja caurlūkošana", dt.date(2026, 4, 14), None, ()
    )
    stages = (*card_1292.stages[:2], reconsidered, card_1292.stages[2])

    result = bill_upsert(record=dataclasses.replace(card_1292, stages=stages), term=term14)

    assert result.stage_outcomes == ["noop", "noop", "insert", "update"]
    assert list(Bill.objects.get().stages.values_list("kind", "sequence")) == [
        ("submitted", 0),
        ("presidium", 1),
        ("reconsidered", 2),
        ("referred", 3),
    ]


def test_bill_upsert_skips_card_columns_that_have_not_happened(term14, card_1292):
    empty = BillStageRecord(StageKind.READING_1, "1. lasījums", None, None, ())
    record = dataclasses.replace(card_1292, stages=(*card_1292.stages, empty))

    bill_upsert(record=record, term=term14)

    assert not BillStage.objects.filter(kind="reading_1").exists()


def test_bill_upsert_stores_a_decision_and_the_verb_of_its_text(term14, card_953):
    text = DecisionTextRecord(
        heading="Paziņojums",
        verb=None,
        verb_text="piekrist",
        addressee=None,
        text="… nolēmusi piekrist …",
        source_url="https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/F19?OpenDocument",
    )
    bill = bill_upsert(record=card_953, term=term14, decision=text).bill

    assert (bill.kind, bill.status, bill.status_label, bill.rapporteur, bill.submitters) == (
        "decision",
        "adopted",
        "Paziņojums",
        "Čakša Anda",
        "Budžeta un finanšu (nodokļu) komisija",
    )
    assert (bill.decision_verb, bill.decision_verb_text, bill.decision_text_url) == (
        "",
        "piekrist",
        text.source_url,
    )
    assert list(bill.stages.values_list("kind", "date", "result")) == [
        ("submitted", dt.date(2026, 4, 16), ""),
        ("decision", dt.date(2026, 4, 16), "Paziņojums"),
    ]


def test_bill_upsert_keeps_a_known_verb_when_a_later_run_has_no_text(term14, card_953):
    forward = DecisionTextRecord(
        None, DecisionVerb.FORWARD, "nodot", "Saeimas komisijai", "", "https://titania.saeima.lv/t"
    )
    bill_upsert(record=card_953, term=term14, decision=forward)

    result = bill_upsert(record=card_953, term=term14, decision=None)

    assert result.outcome == "noop"
    assert Bill.objects.get().decision_verb == "forward"


def test_bill_upsert_refuses_a_card_of_another_term(card_1292, db):
    term13 = TermFactory(number=13, start=dt.date(2018, 11, 6))
    with pytest.raises(ApplicationError) as error:
        bill_upsert(record=card_1292, term=term13)
    assert error.value.message == TERM_MISMATCH.format(number="1292/Lp14", record_term=14, term=13)


def test_bill_status_follows_the_last_stage_with_a_result(card_1292):
    referred = dataclasses.replace(card_1292.stages[2], result="Nodots komisijām")
    in_committee = dataclasses.replace(
        card_1292, stages=(*card_1292.stages[:2], referred), outcome=None
    )
    submitted = dataclasses.replace(card_1292, stages=card_1292.stages[:2], outcome=None)

    assert bill_status(card_1292) == "rejected"
    assert bill_status(in_committee) == "in_committee"
    assert bill_status(submitted) == "submitted"
