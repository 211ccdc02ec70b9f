"""Search bills and initiatives by number and words (full-text on PostgreSQL, icontains on
SQLite); these tests run on whichever database the suite uses."""

from __future__ import annotations

import pytest

from parvaipret.legislation.models import InitiativeBill
from parvaipret.legislation.selectors import bill_search, initiative_search, legislation_search
from tests.factories import BillFactory, InitiativeBillFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    return {
        "1292": BillFactory(number="1292/Lp14", title="Grozījumi Saeimas vēlēšanu likumā"),
        "1293": BillFactory(
            number="1293/Lp14", title="Grozījumi Pašvaldības domes vēlēšanu likumā"
        ),
        "1292m": BillFactory(
            number="1292/Lm14", kind="decision", title="Par nodokļu atlaidi (izdomāts tests)"
        ),
        "928": BillFactory(
            number="928/Lm14",
            kind="decision",
            title="Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts "
            "pārvaldē” turpmāko virzību",
        ),
    }


def _numbers(bills) -> list[str]:
    return sorted(bill.number for bill in bills)


def test_bill_search_by_full_number(documents):
    assert _numbers(bill_search(query="1292/Lp14")) == ["1292/Lp14"]
    assert _numbers(bill_search(query=" 1292/lp14 ")) == ["1292/Lp14"]


def test_bill_search_by_bare_number_finds_every_series(documents):
    assert _numbers(bill_search(query="1292")) == ["1292/Lm14", "1292/Lp14"]


def test_bill_search_by_words_needs_all_of_them(documents):
    assert _numbers(bill_search(query="vēlēšanu")) == ["1292/Lp14", "1293/Lp14"]
    assert _numbers(bill_search(query="Saeimas vēlēšanu")) == ["1292/Lp14"]
    assert _numbers(bill_search(query="atklātu algu")) == ["928/Lm14"]
    assert _numbers(bill_search(query="referendums")) == []


def test_initiative_search_by_words_and_by_the_number_of_a_linked_document(documents):
    algu = InitiativeFactory(title="Par atklātu algu valsts pārvaldē")
    InitiativeFactory(title="Nodrošināt iespēju brīvprātīgi izņemt 2. pensiju līmeņa kapitālu")
    InitiativeBillFactory(initiative=algu, bill=documents["928"], kind=InitiativeBill.Kind.DECISION)

    assert list(initiative_search(query="algu")) == [algu]
    assert list(initiative_search(query="928/Lm14")) == [algu]
    assert [i.title[:12] for i in initiative_search(query="pensiju kapitālu")] == ["Nodrošināt i"]


def test_legislation_search_returns_both_kinds_and_nothing_for_an_empty_query(documents):
    InitiativeFactory(title="Par atklātu algu valsts pārvaldē")

    results = legislation_search(query="  atklātu   algu ")
    empty = legislation_search(query="   ")

    assert results.query == "atklātu algu"
    assert (_numbers(results.bills), [i.title for i in results.initiatives]) == (
        ["928/Lm14"],
        ["Par atklātu algu valsts pārvaldē"],
    )
    assert (empty.bills, empty.initiatives) == ([], [])
