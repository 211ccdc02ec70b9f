"""votes_sync(source="opendata") on the data.gov.lv file shapes.

No real `-vote.xml` exists in any reachable repository, so the vote file here is helper-2's
SYNTHETIC one (tests/fixtures/saeima/opendata/synthetic_14saeima_2026-04-16_vote.xml): built from
the documented field list, its roll calls 2 and 3 carry the real ballots of two votes of
16.04.2026; a secret ballot, a vote on candidates and two broken roll calls are invented. The CKAN
list is synthetic too; the `-dkp.xml` is real (a trimmed file of the sitting of 10.09.2026).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE
from parvaipret.ingest.models import QuarantinedPage, RunError
from parvaipret.ingest.pipelines import votes_sync
from parvaipret.parliament.models import Ballot, Sitting, Vote
from scrapers.saeima.urls import ckan_package_show_url
from tests.ingest.conftest import SAEIMA, SITTING_2026_04_16, SavedPages

pytestmark = pytest.mark.django_db

OPENDATA = SAEIMA / "opendata"
CKAN = OPENDATA / "synthetic_ckan_package_show.json"
VOTE_XML = OPENDATA / "synthetic_14saeima_2026-04-16_vote.xml"
DKP_XML = OPENDATA / "dkp_session_14saeima_2026-09-10_trimmed.xml"
REFERRAL_1292 = "e8ee3055-f869-4dba-80ee-07c13a4617dd"


def _urls() -> dict[str, str]:
    resources = json.loads(CKAN.read_bytes())["result"]["resources"]
    return {r["name"]: r["url"] for r in resources}


def _fetcher() -> SavedPages:
    urls = _urls()
    return SavedPages(
        {
            ckan_package_show_url(): CKAN.read_bytes(),
            urls["14.Saeimas 2026.gada pavasara sesija-15-vote"]: VOTE_XML.read_bytes(),
            urls["14.Saeimas 2026.gada rudens sesija-2-dkp"]: DKP_XML.read_bytes(),
        }
    )


def _sync(fetcher: SavedPages):
    return votes_sync(
        fetcher=fetcher,
        term=14,
        since=dt.date(2026, 4, 1),
        until=dt.date(2026, 4, 30),
        source="opendata",
    )


def test_opendata_sync_stores_the_roll_calls_of_a_sitting(roster_2026_04_16):
    run = _sync(_fetcher())

    sitting = Sitting.objects.get()
    assert (sitting.opendata_id, sitting.date) == (SITTING_2026_04_16, dt.date(2026, 4, 16))
    referral = Vote.objects.get(opendata_id=REFERRAL_1292)
    assert (referral.number, referral.for_count, referral.ballots.count()) == (2, 21, 87)
    assert referral.external_id is None
    assert Vote.objects.count() == 4
    assert Ballot.objects.count() == 87 + 87
    assert run.inserted == 1 + 4  # the sitting and 4 roll calls (the term already existed)


def test_opendata_sync_flags_secret_and_person_votes_and_keeps_them_out_of_matching(
    roster_2026_04_16,
):
    _sync(_fetcher())

    secret = Vote.objects.get(is_secret=True)
    person = Vote.objects.get(is_candidate_vote=True)
    assert (secret.ballots.count(), person.ballots.count()) == (0, 0)
    assert not secret.is_matchable
    assert not person.is_matchable
    assert Vote.objects.filter(is_secret=False, is_candidate_vote=False).count() == 2


def test_opendata_sync_quarantines_broken_roll_calls_and_reports_missing_files(
    roster_2026_04_16,
):
    run = _sync(_fetcher())

    parse_errors = RunError.objects.filter(run=run, kind=KIND_PARSE)
    assert parse_errors.count() == 2
    assert "parallel arrays differ in length" in " ".join(
        parse_errors.values_list("message", flat=True)
    )
    assert (
        QuarantinedPage.objects.get(run=run).url
        == _urls()["14.Saeimas 2026.gada pavasara sesija-15-vote"]
    )
    fetch_errors = RunError.objects.filter(run=run, kind=KIND_FETCH)
    # the spring sitting's -dkp.xml (votes kept) and the extraordinary session's -vote.xml
    assert fetch_errors.count() == 2
    assert run.failed == 2 + 1
    assert not Vote.objects.filter(opendata_id="27e0adc5-136d-4b3c-b852-cbca341a1a18").exists()


def test_opendata_sync_skips_a_sitting_outside_the_window_by_its_agenda_date(
    roster_2026_04_16,
):
    fetcher = _fetcher()
    _sync(fetcher)

    autumn_vote = _urls()["14.Saeimas 2026.gada rudens sesija-2-vote"]
    assert _urls()["14.Saeimas 2026.gada rudens sesija-2-dkp"] in fetcher.requested
    assert autumn_vote not in fetcher.requested


def test_opendata_sync_twice_changes_nothing(roster_2026_04_16):
    _sync(_fetcher())
    second = _sync(_fetcher())

    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == 1 + 1 + 4  # term, sitting, roll calls


def test_opendata_copy_of_a_titania_vote_is_the_same_vote():
    """After the dump (titania ids), the open-data file finds the same roll calls by day,
    second and tallies and only adds its ids; no ballot changes."""
    dump_import(path=BUNDLED_SAMPLE)
    ballots = list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id"))

    _sync(_fetcher())

    vote = Vote.objects.get(external_id=REFERRAL_1292)
    assert (vote.opendata_id, vote.number) == (REFERRAL_1292, 2)
    assert Sitting.objects.get().opendata_id == SITTING_2026_04_16
    assert Vote.objects.count() == 30 + 2  # plus the synthetic secret and candidate votes
    assert list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id")) == ballots
