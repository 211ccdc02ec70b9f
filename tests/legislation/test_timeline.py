"""The timeline of an initiative and of a bill: every step dated by its source or unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from parvaipret.ingest.bills_sample import legislation_sample_load
from parvaipret.legislation.models import Bill, Initiative, InitiativeBill
from parvaipret.legislation.selectors import (
    bill_timeline,
    initiative_decision_suggestions,
    initiative_outcome,
    initiative_timeline,
)
from parvaipret.legislation.services import bill_link_votes, bill_upsert, initiative_link_bill
from tests.factories import BillFactory, BillStageFactory, InitiativeFactory
from tests.legislation.pages import URL_1292, VOTE_1292_REFERRAL

pytestmark = pytest.mark.django_db


def _steps(events):
    return [(e.kind, e.date, e.detail) for e in events]


def test_initiative_timeline_of_the_bundled_928_lm14_leaves_unknown_dates_empty(
    sitting_2026_04_16,
):
    legislation_sample_load()
    initiative = Initiative.objects.get(source="saeima", external_id="928/Lm14")

    events = initiative_timeline(initiative=initiative)

    assert _steps(events) == [
        ("published", None, ""),
        ("signatures", None, "10\u00a0177"),
        ("submitted", None, ""),
        ("decision", None, ""),
    ]
    decision = events[-1]
    assert (decision.bill.number, decision.verb, decision.vote) == ("928/Lm14", "", None)
    assert decision.source_url.startswith("https://github.com/imaksligais/atmina-lv/")
    assert events[1].source_url == "parvaipret/legislation/fixtures/initiatives.csv#row=2"
    assert initiative_outcome(initiative=initiative) is None


def test_initiative_timeline_follows_the_real_stages_and_vote_of_a_bill(
    sitting_2026_04_16, card_1292
):
    """A hypothetical initiative that led to the real bill 1292/Lp14 (the link is test data,
    the stages, dates and vote are real)."""
    initiative = InitiativeFactory(
        published_on=dt.date(2022, 12, 19), signatures=13355, threshold=10000
    )
    bill = bill_upsert(record=card_1292, term=sitting_2026_04_16).bill
    bill_link_votes(bill=bill)
    initiative_link_bill(initiative=initiative, bill=bill, kind=InitiativeBill.Kind.LED_TO)

    events = initiative_timeline(initiative=initiative)

    assert [(e.kind, e.label, e.date) for e in events] == [
        ("published", "published", dt.date(2022, 12, 19)),
        ("signatures", "signature threshold reached", None),
        ("submitted", "submitted", dt.date(2026, 3, 31)),
        ("presidium", "Presidium", dt.date(2026, 4, 13)),
        ("referred", "referred to committees", dt.date(2026, 4, 16)),
    ]
    referral = events[-1]
    assert referral.vote.external_id == VOTE_1292_REFERRAL
    assert referral.detail == "Noraidīts"
    assert referral.source_url == URL_1292
    assert [p.short_name for p in referral.positions] == ["JV", "ZZS", "AS", "NA", "PRO", "LPV", ""]
    assert referral.key == f"bill-{bill.pk}-stage-{bill.stages.get(kind='referred').pk}"
    assert initiative_outcome(initiative=initiative).kind == "rejected"


def test_initiative_timeline_reads_what_a_decision_did_from_its_verb(term14):
    decision = BillFactory(
        number="900/Lm14",
        kind=Bill.Kind.DECISION,
        decision_verb=Bill.DecisionVerb.FORWARD,
        decision_verb_text="nodot",
        decision_addressee="Saeimas Budžeta un finanšu (nodokļu) komisijai",
        decision_text_url="https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/X?OpenDocument",
    )
    BillStageFactory(bill=decision, kind="submitted", sequence=0, date=dt.date(2026, 2, 1))
    BillStageFactory(
        bill=decision, kind="decision", sequence=1, date=dt.date(2026, 2, 12), result="Pieņemts"
    )
    initiative = InitiativeFactory(signatures=15878, submitted_on=dt.date(2026, 1, 20))
    initiative_link_bill(initiative=initiative, bill=decision, kind=InitiativeBill.Kind.DECISION)

    events = initiative_timeline(initiative=initiative)

    assert _steps(events) == [
        ("published", None, ""),
        ("signatures", None, "15\u00a0878"),
        ("submitted", dt.date(2026, 1, 20), ""),
        ("decision", dt.date(2026, 2, 12), "forwarded (nodot)"),
        ("committee", dt.date(2026, 2, 12), "Saeimas Budžeta un finanšu (nodokļu) komisijai"),
    ]
    assert events[3].verb == "forward"
    assert events[3].source_url == decision.decision_text_url
    assert initiative_outcome(initiative=initiative) is None


@pytest.mark.parametrize(
    ("verb", "outcome"),
    [("reject", "rejected"), ("no_further_action", "shelved")],
)
def test_initiative_outcome_follows_the_decision_verb(term14, verb, outcome):
    decision = BillFactory(kind=Bill.Kind.DECISION, number="901/Lm14", decision_verb=verb)
    initiative = InitiativeFactory()
    initiative_link_bill(initiative=initiative, bill=decision, kind=InitiativeBill.Kind.DECISION)

    assert initiative_outcome(initiative=initiative).kind == outcome


def test_initiative_outcome_is_a_law_once_a_bill_it_led_to_is_proclaimed(term14):
    bill = BillFactory()
    BillStageFactory(bill=bill, kind="proclaimed", sequence=6, date=dt.date(2026, 5, 6))
    initiative = InitiativeFactory()
    initiative_link_bill(initiative=initiative, bill=bill, kind=InitiativeBill.Kind.LED_TO)

    outcome = initiative_outcome(initiative=initiative)

    assert (outcome.kind, outcome.bill) == ("proclaimed", bill)
    assert initiative_timeline(initiative=initiative)[-1].label == "law proclaimed"


def test_bill_timeline_of_the_real_decision_953_lm14(term14, card_953):
    bill = bill_upsert(record=card_953, term=term14).bill

    events = bill_timeline(bill=bill)

    assert _steps(events) == [
        ("submitted", dt.date(2026, 4, 16), ""),
        ("decision", dt.date(2026, 4, 16), "Paziņojums"),
    ]
    assert all(e.vote is None and e.positions == () for e in events)


def test_initiative_decision_suggestions_find_928_lm14_for_the_manabalss_initiative(
    sitting_2026_04_16,
):
    """The real ManaBalss page (read at 8 055 signatures) and the bundled decision 928/Lm14
    (10 177): the score docs/initiatives-file.md gives, 0.9583."""
    legislation_sample_load()
    initiative = InitiativeFactory(title="PAR ATKLĀTU ALGU VALSTS PĀRVALDĒ", signatures=8055)

    suggestions = initiative_decision_suggestions(initiative=initiative)

    assert [(s.bill.number, s.score, s.signatures) for s in suggestions] == [
        ("928/Lm14", 0.9583, 10177)
    ]


def test_initiative_decision_suggestions_leave_out_linked_decisions(sitting_2026_04_16):
    legislation_sample_load()
    initiative = Initiative.objects.get(external_id="928/Lm14")

    assert initiative_decision_suggestions(initiative=initiative) == []
