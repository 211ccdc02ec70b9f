"""Agenda items with tallies and outcome labels, on real rendered and raw agenda pages.

Fixtures: tests/fixtures/legislation/ (sources in tests/fixtures/README.md).
"""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.records.legislation import StageKind
from scrapers.saeima.agenda import parse_agenda_html, parse_agenda_snapshot, referral, sitting_date
from scrapers.saeima.urls import vote_id_from_url

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"
LIVE_URL = "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm&actual=1"
ARCHIVE_2025_URL = "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm&nr=1645ba11-3583-4043-b084-c81baa597f3d"
ARCHIVE_2020_URL = "https://titania.saeima.lv/LIVS13/SaeimaLIVS2_DK.nsf/DK?ReadForm&nr=dd05f96a-3dfb-4fce-b84e-229255f1302d"
VOTING = "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/Voting?ReadForm&parentID="


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def agenda_2026():
    return parse_agenda_snapshot(read("titania_snapshot_agenda_2026-04-16.md"), url=LIVE_URL)


def item(agenda, position):
    (found,) = [i for i in agenda.items if i.position == position]
    return found


# --- rendered agenda of 16.04.2026 -------------------------------------------------------------


def test_parse_agenda_snapshot_reads_the_sitting_and_all_48_items(agenda_2026):
    assert agenda_2026.title == "2026.gada 16.aprīļa Saeimas kārtējās sēdes darba kārtība"
    assert agenda_2026.date == date(2026, 4, 16)
    assert len(agenda_2026.items) == 48
    assert Counter(i.outcome for i in agenda_2026.items) == {
        "Likums": 15,
        "Pieņemts": 10,
        "Noraidīts": 10,
        None: 6,
        "Nod. kom.": 2,
        "Paziņojums": 2,
        "Nodots Pieprasījumu komisijai": 2,
        "Izslēgts no DK": 1,
    }


def test_parse_agenda_snapshot_reads_a_rejected_referral_of_1292_lp14(agenda_2026):
    first = item(agenda_2026, 1)
    assert first.section == "I. Prezidija ziņojumi"
    assert first.subsection == "1. Par iesniegtajiem likumprojektiem"
    assert first.section_position == 1
    assert first.kind == "Likumprojekts"
    assert first.title == "Grozījumi Saeimas vēlēšanu likumā"
    assert first.number == "1292/Lp14"
    assert first.documents == ("4595", "4595A")
    assert (first.votes_for, first.votes_against, first.votes_abstain) == (21, 44, 12)
    assert first.outcome == "Noraidīts"
    assert first.submitters == (
        "Maija Armaņeva",
        "Linda Liepiņa",
        "Mārcis Jencītis",
        "Ričards Šlesers",
        "Ilze Stobova",
    )
    assert first.reporting_committee is None
    assert first.item_guid == "e8ee3055-f869-4dba-80ee-07c13a4617dd"
    assert first.vote_urls == (VOTING + "e8ee3055-f869-4dba-80ee-07c13a4617dd",)
    assert first.source_url == LIVE_URL


def test_parse_agenda_snapshot_reads_referral_to_a_responsible_committee(agenda_2026):
    weapons = item(agenda_2026, 12)
    assert weapons.number == "1307/Lp14"
    assert weapons.outcome == "Nod. kom."
    assert (weapons.votes_for, weapons.votes_against, weapons.votes_abstain) == (73, 3, 0)
    assert (
        weapons.responsible_committee == "Aizsardzības, iekšlietu un korupcijas novēršanas komisija"
    )
    assert weapons.submitters[0] == "Edvīns Šnore"

    cabinet_bill = item(agenda_2026, 10)
    assert cabinet_bill.submitters == ("Ministru kabinets",)
    assert cabinet_bill.responsible_committee == (
        "Tautsaimniecības, agrārās, vides un reģionālās politikas komisija"
    )
    assert cabinet_bill.outcome is None
    assert cabinet_bill.votes_for is None
    assert cabinet_bill.vote_urls == ()


def test_parse_agenda_snapshot_reads_readings_rapporteurs_and_law_labels(agenda_2026):
    second_reading = item(agenda_2026, 15)
    assert second_reading.section == "V. Likumprojektu izskatīšana"
    assert second_reading.number == "1269/Lp14"
    assert second_reading.stage_label == "2. lasījums"
    assert second_reading.stage is StageKind.READING_2
    assert second_reading.notes == ("2. lasījums", "Steidzams", "8 priekšlikumi")
    assert second_reading.documents == ("4504B",)
    assert second_reading.reporting_committee == "Valsts pārvaldes un pašvaldības komisija"
    assert second_reading.rapporteur == "Oļegs Burovs"
    assert second_reading.submitters == ()
    assert second_reading.outcome == "Likums"

    first_reading = item(agenda_2026, 30)
    assert first_reading.stage is StageKind.READING_1
    assert first_reading.outcome == "Pieņemts"
    assert first_reading.documents == ("4547", "4592")


def test_parse_agenda_snapshot_reads_decisions_requests_and_excluded_items(agenda_2026):
    loan = item(agenda_2026, 48)
    assert (loan.kind, loan.number, loan.outcome) == ("Lēmuma projekts", "953/Lm14", "Paziņojums")
    assert (loan.votes_for, loan.votes_against, loan.votes_abstain) == (49, 23, 1)
    assert loan.reporting_committee == "Budžeta un finanšu (nodokļu) komisija"
    assert loan.rapporteur == "Anda Čakša"

    committee_decision = item(agenda_2026, 43)
    assert committee_decision.number == "950/Lm14"
    assert committee_decision.submitters == ("Valsts pārvaldes un pašvaldības komisija",)

    request = item(agenda_2026, 45)
    assert (request.kind, request.number) == ("Pieprasījums", "128/P14")
    assert request.outcome == "Nodots Pieprasījumu komisijai"
    assert request.votes_for is None
    assert request.item_guid == "fe881d54-ac4e-4a6e-92a2-b8b639bc6c5d"
    assert len(request.submitters) == 10

    excluded = item(agenda_2026, 19)
    assert excluded.section == "VIII. Izslēgtie no darba kārtības"
    assert excluded.number == "1274/Lp14"
    assert excluded.outcome == "Izslēgts no DK"
    assert excluded.notes[0].startswith("Ar lēmuma projektu Nr.950/Lm14 mainīts")


def test_parse_agenda_snapshot_tallies_match_the_30_votes_of_the_sitting(agenda_2026):
    """Every roll call in votes.csv (from the vote pages) is an agenda item with equal tallies;
    the item's vote URL names the same vote id."""
    with (FIXTURES / "votes_2026-04-16.csv").open(encoding="utf-8") as handle:
        votes = {row["vote_id"]: row for row in csv.DictReader(handle)}
    by_vote = {vote_id_from_url(url): i for i in agenda_2026.items for url in i.vote_urls}
    assert len(votes) == 30
    for vote_id, vote in votes.items():
        agenda_item = by_vote[vote_id]
        assert agenda_item.item_guid == vote_id
        assert (agenda_item.votes_for, agenda_item.votes_against, agenda_item.votes_abstain) == (
            int(vote["for"]),
            int(vote["against"]),
            int(vote["abstain"]),
        )
        assert f"({agenda_item.number})" in vote["motive"]


def test_parse_agenda_snapshot_reads_a_referral_to_several_committees():
    agenda = parse_agenda_snapshot(
        read("titania_snapshot_agenda_2025-04-16.md"), url=ARCHIVE_2025_URL
    )
    assert agenda.date == date(2025, 4, 16)
    (treaty,) = [i for i in agenda.items if i.number == "926/Lp14"]
    assert treaty.submitters == ("Ministru kabinets",)
    assert treaty.committees == (
        "Ārlietu komisija",
        "Tautsaimniecības, agrārās, vides un reģionālās politikas komisija",
    )
    assert treaty.responsible_committee == "Ārlietu komisija"


def test_parse_agenda_snapshot_rejects_a_page_without_items():
    with pytest.raises(ParseError, match="no agenda items found"):
        parse_agenda_snapshot(read("titania_snapshot_bill_card_1292_Lp14.md"), url=LIVE_URL)


# --- raw agenda of 09.01.2020 (13th Saeima) --------------------------------------------------


@pytest.fixture(scope="module")
def agenda_2020():
    html = (FIXTURES / "titania_agenda_LIVS13_2020-01-09_excerpt.html").read_bytes()
    return parse_agenda_html(html, url=ARCHIVE_2020_URL)


def test_parse_agenda_html_reads_only_drawdkp_pr_items(agenda_2020):
    assert agenda_2020.title == "2020.gada 9.janvāra Saeimas kārtējās sēdes darba kārtība"
    assert agenda_2020.date == date(2020, 1, 9)
    assert [i.number for i in agenda_2020.items] == [
        "517/Lp13",
        "539/Lp13",
        "546/Lp13",
        None,
        "292/Lm13",
        "21/P13",
        "412/Lp13",
        "34/Lp13",
        "380/Lp13",
    ]


def test_parse_agenda_html_reads_a_referral_with_its_vote(agenda_2020):
    referral_vote = agenda_2020.items[1]
    assert referral_vote.position == 27
    assert referral_vote.kind == "Likumprojekts"
    assert (
        referral_vote.title == "Grozījumi Republikas pilsētas domes un novada domes vēlēšanu likumā"
    )
    assert referral_vote.stage_label == "Nodošana komisijām"
    assert referral_vote.stage is StageKind.REFERRED_TO_COMMITTEES
    assert referral_vote.documents == ("1897", "1897A", "1892B")
    assert referral_vote.submitters == ("Ministru kabinets",)
    assert referral_vote.responsible_committee == "Administratīvi teritoriālās reformas komisija"
    assert (referral_vote.votes_for, referral_vote.votes_against, referral_vote.votes_abstain) == (
        80,
        4,
        0,
    )
    assert referral_vote.outcome == "Nod. kom."
    assert referral_vote.item_id == "FF7AE58E71CD79EBC22584EA007E58C1"
    assert referral_vote.item_guid == "63728c53-2e4a-489a-8b82-0a995db4a175"
    assert referral_vote.vote_urls == (
        "https://titania.saeima.lv/LIVS13/SaeimaLIVS2_DK.nsf/0/ea770cc9997af49fc22584ea007e58cc"
        "?OpenDocument",
    )


def test_parse_agenda_html_keeps_labels_of_items_decided_without_a_vote(agenda_2020):
    pharmacy, _, initiative_law, leave = agenda_2020.items[:4]
    assert (pharmacy.outcome, pharmacy.votes_for, pharmacy.vote_urls) == ("Nod. kom.", None, ())
    assert initiative_law.submitters[:2] == ("Viktors Valainis", "Armands Krauze")
    assert len(initiative_law.submitters) == 11
    assert leave.number is None
    assert leave.kind is None
    assert leave.title == (
        "Par piešķirto neapmaksāto atvaļinājumu deputātei Ļubovai Švecovai 2019.gada 19.decembrī"
    )
    assert leave.outcome == "Piešķirts"


def test_parse_agenda_html_reads_readings_rapporteurs_and_requests(agenda_2020):
    decision, request, law, first, second = agenda_2020.items[4:]
    assert (decision.kind, decision.outcome, decision.stage) == (
        "Lēmuma projekts",
        "Paziņojums",
        None,
    )
    assert decision.submitters[0] == "Juta Strīķe"

    assert request.section == "Deputātu pieprasījumu izskatīšana"
    assert request.subsection == "Pieprasījumu komisijas atzinums"
    assert request.kind == "Pieprasījums"
    assert (request.reporting_committee, request.rapporteur) == (
        "Pieprasījumu komisija",
        "Ivars Puga",
    )
    assert (request.votes_for, request.votes_against, request.outcome) == (35, 55, "Noraidīts")

    assert (law.stage, law.outcome, law.notes) == (
        StageKind.READING_3,
        "Likums",
        ("Nav priekšlikumu",),
    )
    assert law.reporting_committee == "Cilvēktiesību un sabiedrisko lietu komisija"
    assert law.rapporteur == "Boriss Cilevičs"
    assert (first.stage, first.outcome, first.documents) == (
        StageKind.READING_1,
        "Pieņemts",
        ("56", "1872"),
    )
    assert (second.stage, second.notes) == (StageKind.READING_2, ("76 priekšlikumi",))


def test_parse_agenda_html_builds_live_vote_urls_from_the_item_guid():
    """Synthetic live agenda (no addVotesLink calls): the vote page is Voting?…&parentID={guid}."""
    html = read("synthetic_agenda_live_LIVS14_2026-04-16.html")
    agenda = parse_agenda_html(html, url=LIVE_URL)
    first, law, unvoted = agenda.items
    assert agenda.date == date(2026, 4, 16)
    assert first.vote_urls == (VOTING + "e8ee3055-f869-4dba-80ee-07c13a4617dd",)
    assert (first.outcome, first.votes_for) == ("Noraidīts", 21)
    assert first.submitters[0] == "Maija Armaņeva"
    assert (law.outcome, law.stage, law.rapporteur) == (
        "Likums",
        StageKind.READING_2,
        "Oļegs Burovs",
    )
    assert unvoted.vote_urls == ()


def test_parse_agenda_html_rejects_a_page_without_items():
    with pytest.raises(ParseError, match="no drawDKP_Pr agenda items"):
        parse_agenda_html("<html><body>Sēde nav notikusi</body></html>", url=ARCHIVE_2020_URL)


def test_parse_agenda_html_rejects_a_truncated_call():
    html = read("titania_agenda_LIVS13_2020-01-09_excerpt.html")
    start = html.index('drawDKP_Pr("6","3","Groz%C4%ABjumi%20Farm')
    with pytest.raises(ParseError, match="malformed JS call arguments"):
        parse_agenda_html(html[: start + 60], url=ARCHIVE_2020_URL)


def test_parse_agenda_html_needs_the_saeima_number_in_the_url_to_build_vote_urls():
    html = read("synthetic_agenda_live_LIVS14_2026-04-16.html")
    with pytest.raises(ParseError, match=r"cannot tell the Saeima number from the URL"):
        parse_agenda_html(html, url="agenda.html")


def test_parse_agenda_html_rejects_an_item_number_that_is_not_a_number():
    html = read("synthetic_agenda_live_LIVS14_2026-04-16.html").replace(
        '"1292/Lp14","1",', '"1292/Lp14","x",'
    )
    with pytest.raises(ParseError, match="item number 'x' is not a number"):
        parse_agenda_html(html, url=LIVE_URL)


# --- helpers -------------------------------------------------------------------------------


def test_sitting_date_reads_latvian_genitive_months():
    assert sitting_date("2020.gada 9.janvāra Saeimas kārtējās sēdes darba kārtība") == date(
        2020, 1, 9
    )
    assert sitting_date("Saeimas sēde") is None


def test_referral_splits_committees_and_finds_the_responsible_one():
    assert referral("Ārlietu komisija(atbildīgā), Juridiskā komisija") == (
        ("Ārlietu komisija", "Juridiskā komisija"),
        "Ārlietu komisija",
    )
