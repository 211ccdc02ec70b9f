"""import_dump / export_dump on the bundled real sitting of 16 April 2026."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

from django.core.management import call_command

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_export, dump_import
from parvaipret.ingest.errors import KIND_PARSE, KIND_UNKNOWN_DEPUTY
from parvaipret.ingest.models import QuarantinedPage, RunError, ScrapeRun
from parvaipret.parliament.models import Ballot, Deputy, Faction, Membership, Sitting, Term, Vote
from tests.factories import BillFactory, TermFactory

pytestmark = pytest.mark.django_db

# term 1 + factions 6 + deputies 116 + memberships 116 + sitting 1 + votes 30
RECORDS_IN_SAMPLE = 270


def _copy_sample(tmp_path: Path) -> Path:
    target = tmp_path / "dump"
    shutil.copytree(BUNDLED_SAMPLE, target)
    return target


def test_dump_import_loads_the_real_sitting_of_16_april_2026():
    run = dump_import(path=BUNDLED_SAMPLE)

    assert (run.status, run.inserted, run.updated, run.failed) == ("ok", RECORDS_IN_SAMPLE, 0, 0)
    term = Term.objects.get()
    assert (term.number, term.start) == (14, dt.date(2022, 11, 1))
    assert Deputy.objects.count() == 116
    assert Deputy.objects.filter(external_id__isnull=False).count() == 100
    assert Vote.objects.count() == 30
    assert Ballot.objects.count() == 2670
    sitting = Sitting.objects.get()
    assert sitting.date == dt.date(2026, 4, 16)
    assert sitting.external_id == "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
    assert sitting.kind == Sitting.Kind.REGULAR
    assert sitting.votes.count() == 30


def test_dump_import_creates_the_factions_seen_with_their_full_names():
    dump_import(path=BUNDLED_SAMPLE)

    names = dict(Faction.objects.values_list("short_name", "name"))
    assert set(names) == {"JV", "ZZS", "NA", "AS", "PRO", "LPV"}
    assert names["JV"] == "Frakcija JAUNĀ VIENOTĪBA"
    assert names["NA"] == "Frakcija “Nacionālā apvienība”"
    colours = list(Faction.objects.values_list("colour", flat=True))
    assert len(set(colours)) == 6


def test_dump_import_twice_shows_only_unchanged():
    dump_import(path=BUNDLED_SAMPLE)
    second = dump_import(path=BUNDLED_SAMPLE)

    assert (second.inserted, second.updated, second.unchanged, second.failed) == (
        0,
        0,
        RECORDS_IN_SAMPLE,
        0,
    )
    assert Vote.objects.count() == 30
    assert Ballot.objects.count() == 2670


def test_dump_import_membership_is_the_faction_printed_on_the_ballots_that_day():
    dump_import(path=BUNDLED_SAMPLE)

    # Ilze Vergina voted as JV on 16.04.2026; the later 2026 DepWeb list shows her unaffiliated.
    vergina = Membership.objects.get(deputy__last_name="Vergina")
    assert vergina.faction.short_name == "JV"
    assert (vergina.start, vergina.end) == (None, None)
    assert vergina.note == "titania DepWeb list, 2026"
    # Someone absent that day keeps the roster's faction.
    silina = Membership.objects.get(deputy__first_name="Evika", deputy__last_name="Siliņa")
    assert silina.faction.short_name == "JV"
    assert not Ballot.objects.filter(deputy=silina.deputy).exists()


def test_dump_import_resolves_the_namesakes_of_the_14th_saeima():
    dump_import(path=BUNDLED_SAMPLE)
    vote = Vote.objects.get(external_id="e8ee3055-f869-4dba-80ee-07c13a4617dd")

    def ballot(first: str, last: str) -> tuple[str, str]:
        b = vote.ballots.select_related("faction").get(
            deputy__first_name=first, deputy__last_name=last
        )
        return b.choice, (b.faction.short_name if b.faction else "")

    assert ballot("Andrejs", "Judins") == ("against", "JV")
    assert ballot("Igors", "Judins") == ("for", "")
    assert ballot("Līga", "Kļaviņa") == ("for", "ZZS")
    assert ballot("Jeļena", "Kļaviņa") == ("for", "")
    assert ballot("Irma", "Kalniņa") == ("against", "JV")
    assert ballot("Inese", "Kalniņa") == ("against", "JV")
    assert ballot("Zanda", "Kalniņa-Lukaševica") == ("against", "JV")
    assert ballot("Andris", "Bērziņš") == ("did_not_vote", "ZZS")
    assert ballot("Inga", "Bērziņa") == ("against", "JV")
    assert Deputy.objects.filter(last_name="Judins").count() == 2


def test_dump_import_reads_the_motive_into_vote_metadata():
    dump_import(path=BUNDLED_SAMPLE)

    referral = Vote.objects.get(external_id="e8ee3055-f869-4dba-80ee-07c13a4617dd")
    assert (referral.document_numbers, referral.reading) == ("1292/Lp14", "referral")
    second_urgent = Vote.objects.get(external_id="b67dd118-caf3-4e55-9c03-35655e901626")
    assert (second_urgent.reading, second_urgent.is_urgent) == ("2", True)
    decision = Vote.objects.get(external_id="e2365c84-42ad-4c42-a4e4-5e54de4b3ff3")
    assert decision.document_numbers == "1274/Lp14, 950/Lm14"
    assert (decision.reading, decision.is_urgent) == ("", True)
    assert referral.source_url == (
        "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/Voting?ReadForm"
        "&parentID=e8ee3055-f869-4dba-80ee-07c13a4617dd"
    )
    assert (referral.for_count, referral.against_count, referral.abstain_count) == (21, 44, 12)
    assert referral.not_voting_count == 10


def test_dump_import_links_a_vote_to_an_existing_bill_but_creates_none():
    bill = BillFactory(number="1292/Lp14", term=TermFactory(number=14))
    dump_import(path=BUNDLED_SAMPLE)

    assert Vote.objects.get(external_id="e8ee3055-f869-4dba-80ee-07c13a4617dd").bill == bill
    assert Vote.objects.filter(bill__isnull=False).count() == 1


def test_dump_import_quarantines_a_vote_with_an_unknown_deputy_and_keeps_the_others(tmp_path):
    dump = _copy_sample(tmp_path)
    ballots = (dump / "ballots.csv").read_text(encoding="utf-8")
    # Test input: one ballot of vote c00f398a… renamed to a person who is no deputy.
    row = "c00f398a-9e00-4ff0-aa5a-813b6354e2fa,1,Maija Armaņeva,LPV,Par"
    assert row in ballots
    (dump / "ballots.csv").write_text(
        ballots.replace(row, row.replace("Maija Armaņeva", "Maija Nezināmā")),
        encoding="utf-8",
        newline="",
    )

    run = dump_import(path=dump)

    assert run.status == ScrapeRun.Status.PARTIAL
    assert run.failed == 1
    error = RunError.objects.get(run=run)
    assert error.kind == KIND_UNKNOWN_DEPUTY
    assert "Maija Nezināmā" in error.message
    assert "c00f398a-9e00-4ff0-aa5a-813b6354e2fa" in error.source
    page = QuarantinedPage.objects.get(run=run)
    assert "Maija Nezināmā".encode() in bytes(page.content)
    assert Vote.objects.count() == 29
    assert not Vote.objects.filter(external_id="c00f398a-9e00-4ff0-aa5a-813b6354e2fa").exists()
    assert not Deputy.objects.filter(last_name="Nezināmā").exists()


def test_dump_import_quarantines_a_vote_whose_ballots_do_not_add_up(tmp_path):
    dump = _copy_sample(tmp_path)
    votes = (dump / "votes.csv").read_text(encoding="utf-8")
    # Test input: the tally "for" of vote 7faf05b2… raised from 18 to 19 (the ballots say 18).
    line = 'nodošana komisijām",18,48,12,9,87'
    assert votes.count(line) == 1
    (dump / "votes.csv").write_text(
        votes.replace(line, line.replace(",18,48,", ",19,48,")), encoding="utf-8", newline=""
    )

    run = dump_import(path=dump)

    assert (run.failed, run.status) == (1, ScrapeRun.Status.PARTIAL)
    assert RunError.objects.get(run=run).kind == KIND_PARSE
    assert "tally for is 19 but 18 ballots counted" in RunError.objects.get(run=run).message
    assert Vote.objects.count() == 29


def test_dump_import_dry_run_stores_nothing_but_the_run():
    run = dump_import(path=BUNDLED_SAMPLE, dry_run=True)

    assert run.dry_run
    assert run.inserted == RECORDS_IN_SAMPLE
    assert Vote.objects.count() == 0
    assert Deputy.objects.count() == 0
    assert ScrapeRun.objects.get() == run


def test_dump_import_without_a_file_fails_clearly(tmp_path):
    dump = _copy_sample(tmp_path)
    (dump / "ballots.csv").unlink()

    run = dump_import(path=dump)

    assert run.status == ScrapeRun.Status.FAILED
    assert RunError.objects.get(run=run).message == "the dump has no ballots.csv"
    assert Vote.objects.count() == 0


def test_export_after_import_gives_byte_identical_votes_and_ballots(tmp_path):
    dump_import(path=BUNDLED_SAMPLE)
    result = dump_export(path=tmp_path)

    assert (result.deputies, result.votes, result.ballots) == (116, 30, 2670)
    for name in ("votes.csv", "ballots.csv"):
        assert (tmp_path / name).read_bytes() == (BUNDLED_SAMPLE / name).read_bytes(), name


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_export_after_import_gives_the_same_deputies_but_the_faction_of_the_day(tmp_path):
    """deputies.csv comes back row for row; the one difference is a deputy whose faction on
    the sitting day (JV, on all her ballots) differs from the later DepWeb list (unaffiliated):
    the database keeps the faction of the day."""
    dump_import(path=BUNDLED_SAMPLE)
    dump_export(path=tmp_path)

    original = _rows(BUNDLED_SAMPLE / "deputies.csv")
    exported = _rows(tmp_path / "deputies.csv")
    assert len(exported) == len(original) == 117
    different = [(a, b) for a, b in zip(original, exported, strict=True) if a != b]
    assert different == [
        (
            [
                "3A360C6FE067EA26C22588E0002AE0B5",
                "Ilze",
                "Vergina",
                "",
                "Pie frakcijām nepiederošie deputāti",
                "titania DepWeb list, 2026",
            ],
            [
                "3A360C6FE067EA26C22588E0002AE0B5",
                "Ilze",
                "Vergina",
                "JV",
                "Frakcija JAUNĀ VIENOTĪBA",
                "titania DepWeb list, 2026",
            ],
        )
    ]


def test_export_then_import_of_the_export_changes_nothing(tmp_path):
    dump_import(path=BUNDLED_SAMPLE)
    dump_export(path=tmp_path / "out")

    again = dump_import(path=tmp_path / "out")

    assert (again.inserted, again.updated, again.failed) == (0, 0, 0)


def test_import_dump_command_reports_counts(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dump", str(BUNDLED_SAMPLE), stdout=out, stderr=err)
    assert f"{RECORDS_IN_SAMPLE} inserted, 0 updated, 0 unchanged, 0 failed" in out.getvalue()

    call_command("export_dump", str(tmp_path), stdout=out)
    assert "116 deputies, 30 votes, 2670 ballots" in out.getvalue()


def test_load_sample_loads_the_bundled_sitting():
    call_command("load_sample", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_sample", stdout=io.StringIO(), stderr=io.StringIO())

    assert Vote.objects.count() == 30
    assert Deputy.objects.count() == 116
    last = ScrapeRun.objects.filter(pipeline="import_dump").order_by("-pk").first()
    assert (last.inserted, last.updated, last.unchanged) == (0, 0, RECORDS_IN_SAMPLE)
