"""Roll calls from the raw 2018 vote page, the rendered 2026 pages and the project's dump."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from scrapers.errors import ParseError
from scrapers.records.parliament import BallotChoice, BallotRecord, NameOrder
from scrapers.saeima.urls import vote_live_url
from scrapers.saeima.votes import (
    check_ballots,
    parse_dump_votes,
    parse_riga_timestamp,
    parse_vote,
    parse_vote_snapshot,
)
from tests.scrapers.helpers import SAEIMA_FIXTURES, read_fixture

RIGA = ZoneInfo("Europe/Riga")
PAGE_2018 = "titania/vote-result_LIVS12_2018-05-10_896B8B28CE7DE8DDC22582890078D9DD.html"
URL_2018 = (
    "https://titania.saeima.lv/LIVS12/SaeimaLIVS2_DK.nsf/0/"
    "896b8b28ce7de8ddc22582890078d9dd?OpenDocument"
)
MOTIVE_2018 = (
    "Par lēmuma projekta Par atbildīgās komisijas maiņu likumprojektam “Grozījums "
    "Priekšvēlēšanu aģitācijas likumā” (1165/Lp12) (718/Lm12) iekļaušanu Saeimas sēdes darba "
    "kārtībā"
)
SNAPSHOT_IDS = sorted(
    p.name.removeprefix("vote_").removesuffix(".md")
    for p in (SAEIMA_FIXTURES / "titania-snapshots-2026-04-16").glob("vote_*.md")
)


def dump_votes():
    return {
        vote.external_id: vote
        for vote in parse_dump_votes(
            read_fixture("dump-2026-04-16/votes.csv"),
            read_fixture("dump-2026-04-16/ballots.csv"),
            url="dump-2026-04-16",
        )
    }


def snapshot(vote_id: str):
    return parse_vote_snapshot(
        read_fixture(f"titania-snapshots-2026-04-16/vote_{vote_id}.md"),
        url=vote_live_url(14, vote_id),
    )


# --- raw 2018 page -----------------------------------------------------------------------------


def test_parse_vote_2018_page_tallies_and_metadata():
    vote = parse_vote(read_fixture(PAGE_2018), url=URL_2018)

    assert vote.external_id == "896B8B28CE7DE8DDC22582890078D9DD"
    assert vote.term == 12
    assert vote.timestamp == dt.datetime(2018, 5, 10, 9, 3, 8, tzinfo=RIGA)
    assert vote.timestamp.utcoffset() == dt.timedelta(hours=3)
    assert vote.motive == MOTIVE_2018
    assert vote.result is None  # the page's red result span is empty
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain) == (18, 9, 51)
    assert vote.is_secret is False
    assert vote.is_candidate_vote is False
    assert vote.source_url == URL_2018


def test_parse_vote_2018_page_yields_80_ballots_18_9_51_2():
    vote = parse_vote(read_fixture(PAGE_2018), url=URL_2018)

    counts = Counter(ballot.choice for ballot in vote.ballots)
    assert len(vote.ballots) == 80
    assert counts == {
        BallotChoice.FOR: 18,
        BallotChoice.AGAINST: 9,
        BallotChoice.ABSTAIN: 51,
        BallotChoice.DID_NOT_VOTE: 2,
    }
    assert vote.not_voting == 2
    assert Counter(b.faction_short for b in vote.ballots) == {
        "SASKAŅA": 19,  # printed "SASKA&#325;A " with a trailing space
        "VIENOTĪBA": 16,
        "VL-TB/LNNK": 14,
        "ZZS": 14,
        "": 10,  # printed " " = unaffiliated
        "LRA": 7,
    }


def test_parse_vote_2018_page_splits_names_using_both_lists():
    vote = parse_vote(read_fixture(PAGE_2018), url=URL_2018)
    by_name = {ballot.full_name: ballot for ballot in vote.ballots}

    assert by_name["Hosams Abu Meri"] == BallotRecord(
        full_name="Hosams Abu Meri",
        name_order=NameOrder.GIVEN_FIRST,
        faction_short="VIENOTĪBA",
        choice=BallotChoice.ABSTAIN,
        first_name="Hosams",
        last_name="Abu Meri",
        position=1,
    )
    assert (
        by_name["Ojārs Ēriks Kalniņš"].first_name,
        by_name["Ojārs Ēriks Kalniņš"].last_name,
    ) == (
        "Ojārs Ēriks",
        "Kalniņš",
    )
    assert by_name["Janīna Kursīte-Pakule"].last_name == "Kursīte-Pakule"
    assert all(b.first_name and b.last_name for b in vote.ballots)


def test_parse_vote_2018_page_keeps_printed_group_positions():
    vote = parse_vote(read_fixture(PAGE_2018), url=URL_2018)

    against = [
        (b.position, b.full_name, b.faction_short)
        for b in vote.ballots
        if b.choice is BallotChoice.AGAINST
    ]
    not_voting = [
        (b.position, b.full_name, b.faction_short)
        for b in vote.ballots
        if b.choice is BallotChoice.DID_NOT_VOTE
    ]
    assert against == [
        (1, "Ivars Brīvers", "LRA"),
        (2, "Nellija Kleinberga", "LRA"),
        (3, "Varis Krūmiņš", "LRA"),
        (4, "Rihards Melgailis", "LRA"),
        (5, "Igors Pimenovs", "SASKAŅA"),
        (6, "Jānis Ruks", "LRA"),
        (7, "Mārtiņš Šics", "LRA"),
        (8, "Silvija Šimfa", ""),
        (9, "Juris Viļums", "LRA"),
    ]
    assert not_voting == [(1, "Lolita Čigāne", "VIENOTĪBA"), (2, "Inguna Sudraba", "")]


def test_parse_vote_accepts_the_2026_dotted_date():
    page = read_fixture(PAGE_2018).replace(b"10/05/2018 09:03:08", b"10.05.2018 09:03:08")

    vote = parse_vote(page, url=URL_2018)

    assert vote.timestamp == dt.datetime(2018, 5, 10, 9, 3, 8, tzinfo=RIGA)


def test_parse_vote_accepts_a_wire_separator_byte():
    """On the wire the separator is one non-ASCII byte, not the two UTF-8 bytes of '¤'."""
    page = read_fixture(PAGE_2018).replace("¤".encode(), b"\xa4")

    vote = parse_vote(page, url=URL_2018)

    assert len(vote.ballots) == 80


def test_parse_vote_rejects_tallies_that_disagree_with_the_ballots():
    page = read_fixture(PAGE_2018).replace(b"par 18, pret 9", b"par 19, pret 9")

    with pytest.raises(ParseError, match="tally for is 19 but 18 ballots counted"):
        parse_vote(page, url=URL_2018)


def test_parse_vote_rejects_lists_that_disagree():
    page = read_fixture(PAGE_2018)
    # Ivars Brīvers votes "Pret" in the grouped list; make the alphabetical list say "Par".
    changed = re.sub(rb"(Br%C4%ABvers%20Ivars\xc2\xa4LRA\xc2\xa4)Pret", rb"\1Par", page, count=1)
    assert changed != page

    with pytest.raises(ParseError, match="missing from the alphabetical list"):
        parse_vote(changed, url=URL_2018)


def test_parse_vote_rejects_a_group_header_that_disagrees():
    page = read_fixture(PAGE_2018).replace(b"PRET:&nbsp;&nbsp;9", b"PRET:&nbsp;&nbsp;8")

    with pytest.raises(ParseError, match="group header against: 8 but 9 rows"):
        parse_vote(page, url=URL_2018)


def test_parse_vote_rejects_an_unknown_ballot_value():
    page = read_fixture(PAGE_2018).replace('¤Pret"'.encode(), '¤Pretx"'.encode(), 1)

    with pytest.raises(ParseError, match="unknown ballot value 'Pretx'"):
        parse_vote(page, url=URL_2018)


def test_parse_vote_secret_ballot_has_tallies_and_no_ballots():
    page = read_fixture(PAGE_2018)
    page = re.sub(
        rb"var voteFullListByNames=\[.*?\];",
        b'var voteFullListByNames=[""];',
        page,
        flags=re.DOTALL,
    )
    page = re.sub(
        rb"var voteFullListByResult=\[.*?\];",
        b'var voteFullListByResult=[""];',
        page,
        flags=re.DOTALL,
    )

    vote = parse_vote(page, url=URL_2018)

    assert vote.is_secret is True
    assert vote.ballots == ()
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain) == (18, 9, 51)


def test_parse_vote_rejects_a_page_that_is_not_a_vote():
    with pytest.raises(ParseError, match="not a vote result page"):
        parse_vote(read_fixture("titania/deputies-list_saeima14_depweb_public.html"), url=URL_2018)


def test_parse_vote_needs_a_vote_id_in_the_url():
    with pytest.raises(ParseError, match="names no vote id"):
        parse_vote(read_fixture(PAGE_2018), url="saved/vote.html")


# --- rendered 2026 pages -----------------------------------------------------------------------


def test_the_snapshot_folder_holds_30_votes():
    assert len(SNAPSHOT_IDS) == 30


@pytest.mark.parametrize("vote_id", SNAPSHOT_IDS)
def test_parse_vote_snapshot_equals_the_bundled_dump(vote_id):
    expected = dump_votes()[vote_id]

    vote = snapshot(vote_id)

    def order(ballots):
        return sorted(ballots, key=lambda b: (b.choice, b.position, b.full_name))

    assert vote.external_id == expected.external_id
    assert vote.term == expected.term == 14
    assert vote.timestamp == expected.timestamp
    assert vote.motive == expected.motive
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain) == (
        expected.votes_for,
        expected.votes_against,
        expected.votes_abstain,
    )
    assert vote.not_voting == expected.not_voting
    assert order(vote.ballots) == order(expected.ballots)
    assert vote.result is None
    assert vote.is_secret is False


def test_parse_vote_snapshot_reads_one_page_in_detail():
    vote = snapshot("27e0adc5-136d-4b3c-b852-cbca341a1a18")

    assert vote.timestamp == dt.datetime(2026, 4, 16, 9, 28, 52, tzinfo=RIGA)
    assert vote.motive == (
        "Grozījumi Pašvaldības domes vēlēšanu likumā (1293/Lp14), nodošana komisijām"
    )
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain, vote.not_voting) == (
        17,
        53,
        14,
        5,
    )
    assert len(vote.ballots) == 89
    assert vote.ballots[0] == BallotRecord(
        "Maija Armaņeva", NameOrder.GIVEN_FIRST, "LPV", BallotChoice.FOR, position=1
    )
    by_name = {b.full_name: b for b in vote.ballots}
    assert by_name["Andrejs Ceļapīters"].faction_short == ""  # empty Frakcija cell
    assert by_name["Edvīns Šnore"].choice is BallotChoice.DID_NOT_VOTE
    assert by_name["Edvīns Šnore"].position == 4
    assert by_name["Selma Teodora Levrence"].position == 29


def test_parse_vote_snapshot_rejects_tallies_that_disagree():
    text = read_fixture("titania-snapshots-2026-04-16/vote_27e0adc5-136d-4b3c-b852-cbca341a1a18.md")
    changed = text.replace(b"par 17, pret 53, atturas 14", b"par 17, pret 52, atturas 14")

    with pytest.raises(ParseError, match="tally against is 52 but 53 ballots counted"):
        parse_vote_snapshot(changed, url=vote_live_url(14, "27e0adc5-136d-4b3c-b852-cbca341a1a18"))


def test_parse_vote_snapshot_rejects_a_deputy_listed_twice():
    text = read_fixture(
        "titania-snapshots-2026-04-16/vote_27e0adc5-136d-4b3c-b852-cbca341a1a18.md"
    ).decode()
    changed = text.replace('cell "Gatis Liepiņš"', 'cell "Anna Rancāne"', 1)
    assert changed != text

    with pytest.raises(ParseError, match="deputy listed twice: anna rancāne"):
        parse_vote_snapshot(changed, url=vote_live_url(14, "27e0adc5-136d-4b3c-b852-cbca341a1a18"))


def test_parse_vote_snapshot_rejects_a_page_without_heading():
    with pytest.raises(ParseError, match="not a vote result page"):
        parse_vote_snapshot(
            "- generic [ref=e1]: par 1, pret 0, atturas 0",
            url=vote_live_url(14, "27e0adc5-136d-4b3c-b852-cbca341a1a18"),
        )


# --- dump and shared checks --------------------------------------------------------------------


def test_parse_dump_votes_reads_30_votes_and_2670_ballots():
    votes = dump_votes()

    assert len(votes) == 30
    assert sum(len(v.ballots) for v in votes.values()) == 2670
    first = votes["e8ee3055-f869-4dba-80ee-07c13a4617dd"]
    assert first.timestamp == dt.datetime(2026, 4, 16, 9, 21, 3, tzinfo=RIGA)
    assert (first.votes_for, first.votes_against, first.votes_abstain, first.not_voting) == (
        21,
        44,
        12,
        10,
    )


def test_parse_dump_votes_rejects_a_wrong_not_voting_column():
    votes_csv = read_fixture("dump-2026-04-16/votes.csv").replace(
        b",21,44,12,10,87", b",21,44,12,9,87"
    )

    with pytest.raises(ParseError, match="not_voting column 9 but 10 Nebalsoja ballots"):
        parse_dump_votes(votes_csv, read_fixture("dump-2026-04-16/ballots.csv"), url="dump")


def ballot(name: str, choice: BallotChoice) -> BallotRecord:
    return BallotRecord(name, NameOrder.GIVEN_FIRST, "JV", choice)


def test_check_ballots_rejects_more_than_100_ballots():
    ballots = [ballot(f"Deputāts {n}", BallotChoice.FOR) for n in range(101)]

    with pytest.raises(ParseError, match="101 ballots, more than the 100 seats"):
        check_ballots(ballots, votes_for=101, votes_against=0, votes_abstain=0, source="test")


def test_check_ballots_rejects_the_same_deputy_in_either_name_order():
    ballots = [
        ballot("Raivis Dzintars", BallotChoice.FOR),
        ballot("Dzintars Raivis", BallotChoice.AGAINST),
    ]

    with pytest.raises(ParseError, match="deputy listed twice: dzintars raivis"):
        check_ballots(ballots, votes_for=1, votes_against=1, votes_abstain=0, source="test")


def test_check_ballots_accepts_namesakes():
    ballots = [
        ballot("Raivis Dzintars", BallotChoice.FOR),
        ballot("Normunds Dzintars", BallotChoice.FOR),
    ]

    check_ballots(ballots, votes_for=2, votes_against=0, votes_abstain=0, source="test")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("16.04.2026 09:28:52", dt.datetime(2026, 4, 16, 9, 28, 52, tzinfo=RIGA)),
        ("10/05/2018 09:03:08", dt.datetime(2018, 5, 10, 9, 3, 8, tzinfo=RIGA)),
        ("03/25/2010 10:15:02 AM", dt.datetime(2010, 3, 25, 10, 15, 2, tzinfo=RIGA)),
        ("17.09.2026 09:00", dt.datetime(2026, 9, 17, 9, 0, tzinfo=RIGA)),
    ],
)
def test_parse_riga_timestamp_formats(printed, expected):
    assert parse_riga_timestamp(printed, source="test") == expected


def test_parse_riga_timestamp_winter_time_is_utc_plus_2():
    stamp = parse_riga_timestamp("11.01.2018 09:05:00", source="test")

    assert stamp.utcoffset() == dt.timedelta(hours=2)


def test_parse_riga_timestamp_rejects_unknown_format():
    with pytest.raises(ParseError, match="unrecognised vote date"):
        parse_riga_timestamp("2026-04-16", source="test")
