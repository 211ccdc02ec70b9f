"""Bulk exports: the CSV (dump layout) and JSON of a term round-trip through import_dump."""

from __future__ import annotations

import gzip
import json
import zipfile

import pytest

from parvaipret.ingest.dump import BUNDLED_CALENDAR, BUNDLED_SAMPLE, dump_import
from parvaipret.ingest.models import ScrapeRun
from parvaipret.insights import services
from parvaipret.insights.tasks import exports_rebuild as exports_rebuild_task
from parvaipret.legislation.models import Bill
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def stored_votes() -> set[tuple]:
    return set(
        Vote.objects.values_list(
            "external_id", "timestamp", "motive", "for_count", "against_count", "abstain_count"
        )
    )


def stored_ballots() -> set[tuple]:
    return {
        (vote, f"{first} {last}", faction or "", choice)
        for vote, first, last, faction, choice in Ballot.objects.values_list(
            "vote__external_id",
            "deputy__first_name",
            "deputy__last_name",
            "faction__short_name",
            "choice",
        )
    }


def empty_the_database() -> None:
    Ballot.objects.all().delete()
    Vote.objects.all().delete()
    Sitting.objects.all().delete()
    Bill.objects.all().delete()
    Membership.objects.all().delete()
    CoalitionPeriod.objects.all().delete()
    Faction.objects.all().delete()
    Deputy.objects.all().delete()
    Term.objects.all().delete()


@pytest.mark.slow
def test_exports_round_trip_the_real_sitting_through_import_dump(data_dir, tmp_path):
    run = dump_import(path=BUNDLED_SAMPLE, calendar=BUNDLED_CALENDAR)
    assert run.status == ScrapeRun.Status.OK
    votes, ballots = stored_votes(), stored_ballots()
    assert (len(votes), len(ballots)) == (30, 2670)

    files = {f.name: f for f in services.exports_rebuild(terms=[14])}
    archive = data_dir / "exports" / "saeima14-votes-csv.zip"
    assert files["saeima14-votes-csv.zip"].size == archive.stat().st_size
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == ["ballots.csv", "deputies.csv", "votes.csv"]
        zipped.extractall(unpacked)
    # The ingest's own writer: the roll calls come out as the bundled dump has them.
    for name in ("votes.csv", "ballots.csv"):
        assert (unpacked / name).read_bytes() == (BUNDLED_SAMPLE / name).read_bytes()

    empty_the_database()
    assert not Vote.objects.exists()
    run = dump_import(path=unpacked, calendar=BUNDLED_CALENDAR)

    assert run.status == ScrapeRun.Status.OK
    assert stored_votes() == votes
    assert stored_ballots() == ballots


def test_json_export_holds_every_vote_with_its_ballots(data_dir):
    dump_import(path=BUNDLED_SAMPLE, calendar=BUNDLED_CALENDAR)
    services.exports_rebuild(terms=[14])

    with gzip.open(data_dir / "exports" / "saeima14-votes.json.gz", "rt", encoding="utf-8") as f:
        exported = json.load(f)

    assert exported["term"] == 14
    assert len(exported["votes"]) == 30
    first = exported["votes"][0]
    assert first["external_id"] == "e8ee3055-f869-4dba-80ee-07c13a4617dd"
    assert (first["for_count"], first["against_count"], first["abstain_count"]) == (21, 44, 12)
    assert len(first["ballots"]) == 87
    assert sum(len(v["ballots"]) for v in exported["votes"]) == 2670
    choices = {b["choice"] for v in exported["votes"] for b in v["ballots"]}
    assert choices <= {"for", "against", "abstain", "did_not_vote"}
    as_stored = {
        (v["external_id"], b["deputy"], b["faction"] or "", b["choice"])
        for v in exported["votes"]
        for b in v["ballots"]
    }
    assert as_stored == stored_ballots()


def test_questions_export_has_totals_only(data_dir):
    from tests.insights.conftest import build_fixture_term

    fx = build_fixture_term()
    services.exports_rebuild(terms=[14])

    text = (data_dir / "exports" / "questions-answers.csv").read_text(encoding="utf-8")
    rows = text.splitlines()
    assert rows[0] == (
        "question_id,text,topic,published_at,vote_ids,polarities,answers,"
        "answers_for,answers_against,answers_abstain"
    )
    by_id = {int(row.split(",")[0]): row for row in rows[1:]}
    assert set(by_id) == {fx.questions[k].pk for k in ("q1", "q2", "q3")}
    assert by_id[fx.questions["q1"].pk].endswith(",12,9,2,1")
    assert by_id[fx.questions["q2"].pk].endswith(f",{fx.votes[4].pk},-1,10,8,2,0")
    assert by_id[fx.questions["q3"].pk].endswith(",3,,,")  # too few: totals only


def test_exports_rebuild_task_writes_the_manifest(data_dir):
    from tests.insights.conftest import build_fixture_term

    build_fixture_term()
    result = exports_rebuild_task.delay().get()

    listed = services.export_list()
    assert [f.name for f in listed] == [
        "saeima14-votes-csv.zip",
        "saeima14-votes.json.gz",
        "questions-answers.csv",
    ]
    assert result == {"files": 3, "bytes": sum(f.size for f in listed)}
    assert all(f.generated_at for f in listed)
    assert services.export_path("../settings.py") is None
