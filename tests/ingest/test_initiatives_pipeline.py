"""Initiatives from an editors' import file and from ManaBalss pages (saved, never fetched)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command

import pytest

from parvaipret.ingest.errors import KIND_PARSE
from parvaipret.ingest.initiatives import (
    KIND_UNKNOWN_BILL,
    UNKNOWN_BILL,
    initiative_scrape,
    initiatives_import,
    initiatives_sync,
)
from parvaipret.ingest.models import QuarantinedPage, RunError
from parvaipret.legislation.models import Event, Initiative, InitiativeBill
from tests.factories import BillFactory, TermFactory
from tests.legislation.pages import LEGISLATION, SavedPages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The expected texts below are the English ones (Latvian is the site's default)."""
    settings.LANGUAGE_CODE = "en"


IMPORT_FILE = LEGISLATION / "synthetic_initiatives_import.csv"
MANABALSS_URL = (
    "https://manabalss.lv/izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu/show"
)
MANABALSS_HTML = (
    LEGISLATION
    / "synthetic_manabalss_izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu.html"
)


@pytest.fixture
def decision_928(db):
    return BillFactory(
        term=TermFactory(),
        number="928/Lm14",
        kind="decision",
        title="Par 10 177 Latvijas pilsoņu kolektīvā iesnieguma “Par atklātu algu valsts "
        "pārvaldē” turpmāko virzību",
    )


def _import(content: bytes, name: str = "initiatives.csv", **options):
    return initiatives_import(content=content, name=name, **options)


def test_initiatives_import_stores_the_rows_and_links_the_known_decision(decision_928):
    run = _import(IMPORT_FILE.read_bytes())

    assert (run.status, run.inserted, run.failed) == ("ok", 3, 0)  # 2 initiatives + 1 link
    algu = Initiative.objects.get(external_id="par-atklatu-algu-valsts-parvalde")
    assert (algu.author, algu.published_on, algu.signatures, algu.threshold) == (
        "Zane Zvirgzdiņa",
        dt.date(2019, 6, 27),
        8055,
        10000,
    )
    assert algu.source_url == "initiatives.csv#row=2"
    link = InitiativeBill.objects.get()
    assert (link.initiative, link.bill, link.kind, link.note) == (
        algu,
        decision_928,
        "decision",
        "initiatives.csv#row=2",
    )
    assert link.confirmed_at is not None
    other = Initiative.objects.get(source="manabalss", external_id__startswith="izbeigt")
    assert other.status_label.startswith("Iniciatīva Saeimā ir noraidīta")


def test_initiatives_import_twice_is_all_noop(decision_928):
    _import(IMPORT_FILE.read_bytes())
    events = Event.objects.count()

    again = _import(IMPORT_FILE.read_bytes())

    assert (again.inserted, again.updated, again.unchanged, again.failed) == (0, 0, 3, 0)
    assert Event.objects.count() == events


def test_initiatives_import_keeps_the_good_rows_and_reports_the_bad_ones(decision_928):
    lines = IMPORT_FILE.read_text(encoding="utf-8").splitlines()
    bad = "manabalss,broken,,Bez datuma,,,,,2024-02-30,desmit,,,,,928/Lp14,"
    content = "\n".join([lines[0], lines[1], bad, lines[2]]).encode()

    run = _import(content)

    assert (run.status, run.inserted, run.failed) == ("partial", 3, 1)
    error = RunError.objects.get(run=run)
    assert error.kind == KIND_PARSE
    assert error.message.startswith("row 3: ")
    assert Initiative.objects.count() == 2


def test_initiatives_import_reports_a_decision_not_yet_in_the_database(db):
    run = _import(IMPORT_FILE.read_bytes())

    assert (run.inserted, run.failed) == (2, 0)
    error = RunError.objects.get(run=run)
    assert (error.kind, error.message) == (
        KIND_UNKNOWN_BILL,
        UNKNOWN_BILL.format(number="928/Lm14"),
    )
    assert InitiativeBill.objects.count() == 0


def test_initiatives_import_reads_json_and_rejects_an_unknown_source(db):
    content = json.dumps(
        {
            "initiatives": [
                {
                    "source": "editor",
                    "external_id": "e-1",
                    "title_lv": "Par tiltu",
                    "signatures": 12,
                },
                {"source": "petitions", "external_id": "p-1", "title_lv": "Cits avots"},
            ]
        }
    ).encode()

    run = _import(content, name="initiatives.json")

    assert (run.inserted, run.failed) == (1, 1)
    assert Initiative.objects.get().source_url == "initiatives.json#item=1"
    assert "unknown initiative source 'petitions'" in RunError.objects.get(run=run).message


def test_initiatives_import_of_an_unreadable_file_fails_the_run(db):
    run = _import(b"\xff\xfe not utf-8")

    assert run.status == "failed"
    assert Initiative.objects.count() == 0


def test_initiatives_import_dry_run_stores_nothing(decision_928):
    run = _import(IMPORT_FILE.read_bytes(), dry_run=True)

    assert (run.dry_run, run.inserted) == (True, 3)
    assert Initiative.objects.count() == 0


def test_initiative_scrape_reads_a_manabalss_page():
    fetcher = SavedPages({MANABALSS_URL: MANABALSS_HTML})

    run = initiative_scrape(fetcher=fetcher, url=MANABALSS_URL)

    assert (run.status, run.inserted) == ("ok", 1)
    initiative = Initiative.objects.get()
    assert (initiative.source, initiative.signatures, initiative.published_on) == (
        "manabalss",
        13355,
        dt.date(2022, 12, 19),
    )
    assert (initiative.source_url, initiative.fetched_at) == (MANABALSS_URL, fetcher.fetched_at)


def test_initiative_scrape_twice_is_a_noop_and_a_bad_page_is_quarantined(db):
    fetcher = SavedPages({MANABALSS_URL: MANABALSS_HTML})
    initiative_scrape(fetcher=fetcher, url=MANABALSS_URL)
    assert initiative_scrape(fetcher=fetcher, url=MANABALSS_URL).unchanged == 1

    broken = SavedPages({MANABALSS_URL: b"<html><body>Lapa nav atrasta</body></html>"})
    run = initiatives_sync(fetcher=broken)

    assert (run.status, run.failed) == ("partial", 1)
    assert QuarantinedPage.objects.get(run=run).url == MANABALSS_URL
    assert Initiative.objects.get().signatures == 13355


def test_import_initiatives_command(decision_928):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_initiatives", str(IMPORT_FILE), stdout=out, stderr=err)

    assert out.getvalue().startswith("import_initiatives: 3 inserted, 0 updated, 0 unchanged")
    assert err.getvalue() == ""


def test_scrape_initiative_command(db, monkeypatch):
    monkeypatch.setattr(
        "parvaipret.ingest.management.commands.scrape_initiative.default_fetcher",
        lambda save_dir=None: SavedPages({MANABALSS_URL: MANABALSS_HTML}),
    )
    out = io.StringIO()

    call_command("scrape_initiative", MANABALSS_URL, stdout=out)

    assert out.getvalue().startswith("scrape_initiative: 1 inserted")
    assert Initiative.objects.get().author == "Olga Petkeviča"
