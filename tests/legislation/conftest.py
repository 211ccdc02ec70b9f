"""Legislation tests: the real sitting of 16 April 2026 (roll calls, ballots, deputies) and the
real cards of 1292/Lp14 and 953/Lm14."""

from __future__ import annotations

import pytest

from parvaipret.ingest.dump import dump_import
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import term_ensure
from parvaipret.legislation.services import bill_upsert
from parvaipret.parliament.models import Term
from parvaipret.parliament.services import Provenance
from scrapers.saeima.bills import parse_bill_card_snapshot, parse_decision_card_snapshot
from tests.legislation.pages import (
    BILL_CARD_1292,
    DECISION_CARD_953,
    DUMP,
    FETCHED_AT,
    URL_953,
    URL_1292,
)


@pytest.fixture(autouse=True)
def _english(settings):
    """The expected texts below are the English ones (Latvian is the site's default)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def term14(db) -> Term:
    return term_ensure(log=RunLog(pipeline="test", dry_run=True), number=14)


@pytest.fixture
def sitting_2026_04_16(db) -> Term:
    """The 30 real roll calls and 116 deputies of the dump of 16.04.2026."""
    run = dump_import(path=DUMP)
    assert run.failed == 0
    return Term.objects.get(number=14)


@pytest.fixture
def card_1292():
    return parse_bill_card_snapshot(BILL_CARD_1292.read_text(encoding="utf-8"), url=URL_1292)


@pytest.fixture
def card_953():
    return parse_decision_card_snapshot(DECISION_CARD_953.read_text(encoding="utf-8"), url=URL_953)


@pytest.fixture
def provenance_1292() -> Provenance:
    return Provenance(source_url=URL_1292, fetched_at=FETCHED_AT, checksum="a" * 64)


@pytest.fixture
def bill_1292(term14, card_1292, provenance_1292):
    return bill_upsert(record=card_1292, term=term14, provenance=provenance_1292).bill
