"""data.gov.lv `saeimas-sedes`: `-vote.xml` (synthetic), `-dkp.xml` (real, trimmed), CKAN list."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from scrapers.errors import ParseError
from scrapers.records.parliament import (
    BallotChoice,
    Reading,
    RegistrationEntry,
    RejectedRollCall,
    SittingKind,
)
from scrapers.saeima.opendata import (
    parse_agenda_xml,
    parse_ckan_package,
    parse_ckan_resource_name,
    parse_vote_xml,
)
from scrapers.saeima.votes import parse_dump_votes
from tests.scrapers.helpers import read_fixture

RIGA = ZoneInfo("Europe/Riga")
VOTE_XML = "opendata/synthetic_14saeima_2026-04-16_vote.xml"
DKP_XML = "opendata/dkp_session_14saeima_2026-09-10_trimmed.xml"
CKAN_JSON = "opendata/synthetic_ckan_package_show.json"
VOTE_URL = "https://data.gov.lv/dati/dataset/saeimas-sedes/14.saeimas-2026-04-16-vote.xml"


def sitting_votes():
    return parse_vote_xml(read_fixture(VOTE_XML), url=VOTE_URL, term=14)


# --- -vote.xml ---------------------------------------------------------------------------------


def test_parse_vote_xml_sorts_roll_calls_by_vote_number():
    parsed = sitting_votes()

    assert parsed.sitting_id == "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
    assert [v.sequence for v in parsed.votes] == [2, 3, 4, 5]
    assert [r.sequence for r in parsed.registrations] == [1]
    assert [r.sequence for r in parsed.rejected] == [6, 7]


def test_parse_vote_xml_ballots_equal_the_real_roll_call():
    vote = sitting_votes().votes[0]
    dump = {
        v.external_id: v
        for v in parse_dump_votes(
            read_fixture("dump-2026-04-16/votes.csv"),
            read_fixture("dump-2026-04-16/ballots.csv"),
            url="dump",
        )
    }["e8ee3055-f869-4dba-80ee-07c13a4617dd"]

    assert vote.external_id == "e8ee3055-f869-4dba-80ee-07c13a4617dd"
    assert vote.term == 14
    assert vote.timestamp == dt.datetime(2026, 4, 16, 9, 21, 3, tzinfo=RIGA)
    assert vote.motive == "Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām"
    assert (vote.votes_for, vote.votes_against, vote.votes_abstain, vote.not_voting) == (
        21,
        44,
        12,
        10,
    )
    assert vote.sitting_id == "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
    assert vote.source_url == VOTE_URL
    assert sorted((b.full_name, b.faction_short, b.choice) for b in vote.ballots) == sorted(
        (b.full_name, b.faction_short, b.choice) for b in dump.ballots
    )


def test_parse_vote_xml_keeps_name_and_surname_apart():
    ballots = {b.full_name: b for b in sitting_votes().votes[0].ballots}

    daugavietis = ballots["Dāvis Mārtiņš Daugavietis"]
    assert (daugavietis.first_name, daugavietis.last_name) == ("Dāvis Mārtiņš", "Daugavietis")
    assert ballots["Andrejs Ceļapīters"].faction_short == ""  # FRACTION " " = unaffiliated
    assert ballots["Andris Bērziņš"].choice is BallotChoice.DID_NOT_VOTE


def test_parse_vote_xml_returns_the_registration_separately():
    (registration,) = sitting_votes().registrations

    assert registration.external_id == "00000000-0000-0000-0000-000000000001"
    assert registration.timestamp == dt.datetime(2026, 4, 16, 9, 0, 12, tzinfo=RIGA)
    assert len(registration.entries) == 87
    assert Counter(e.registered for e in registration.entries) == {True: 86, False: 1}
    assert registration.entries[0] == RegistrationEntry(
        first_name="Andris", last_name="Bērziņš", faction_short="ZZS", registered=True
    )


def test_parse_vote_xml_secret_and_candidate_votes_carry_no_ballots():
    votes = {v.sequence: v for v in sitting_votes().votes}

    secret, candidate = votes[4], votes[5]
    assert secret.is_secret is True
    assert secret.ballots == ()
    assert (secret.votes_for, secret.votes_against, secret.votes_abstain) == (55, 30, 3)
    assert secret.registered == 90
    assert secret.comment == "Deputāte kļūdījusies balsojumā."
    assert secret.agenda_item_id == "00000000-0000-0000-0000-0000000000a4"
    assert candidate.is_candidate_vote is True
    assert candidate.ballots == ()


def test_parse_vote_xml_rejects_a_roll_call_whose_arrays_differ_in_length_and_keeps_the_rest():
    parsed = sitting_votes()

    assert parsed.rejected[0] == RejectedRollCall(
        external_id="7faf05b2-b002-4686-90e1-0e89c20886a4",
        sequence=6,
        reason="VOTING_ID 7faf05b2-b002-4686-90e1-0e89c20886a4: parallel arrays differ in length "
        "(NAME 87, SURNAME 87, FRACTION 86, RESULT 87)",
    )
    assert len(parsed.votes) == 4


def test_parse_vote_xml_rejects_a_roll_call_whose_tallies_do_not_add_up():
    rejected = sitting_votes().rejected[1]

    assert rejected.external_id == "27e0adc5-136d-4b3c-b852-cbca341a1a18"
    assert rejected.reason.endswith("tally for is 18 but 17 ballots counted")


def test_parse_vote_xml_rejects_an_unknown_ballot_value():
    xml = read_fixture(VOTE_XML).replace(b"#Pret#", b"#Pretx#", 1)

    parsed = parse_vote_xml(xml, url=VOTE_URL, term=14)

    assert [r.sequence for r in parsed.rejected] == [3, 6, 7]
    assert "unknown ballot value 'Pretx'" in parsed.rejected[0].reason


def test_parse_vote_xml_empty_sitting_has_no_roll_calls():
    parsed = parse_vote_xml(
        read_fixture("opendata/synthetic_empty_sitting_vote.xml"), url="empty.xml", term=14
    )

    assert parsed.sitting_id == "00000000-0000-0000-0000-0000000000e0"
    assert (parsed.votes, parsed.registrations, parsed.rejected) == ((), (), ())


def test_parse_vote_xml_rejects_a_file_that_is_not_a_sitting():
    with pytest.raises(ParseError, match="root element is <html>"):
        parse_vote_xml(b"<html><body/></html>", url="wrong.xml", term=14)
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_vote_xml(b"<DKroot><VOTES>", url="cut.xml", term=14)


def test_parse_vote_xml_rejects_a_repeated_voting_id():
    xml = read_fixture(VOTE_XML).replace(
        b"00000000-0000-0000-0000-000000000005", b"00000000-0000-0000-0000-000000000004"
    )

    with pytest.raises(ParseError, match="VOTING_ID repeated"):
        parse_vote_xml(xml, url=VOTE_URL, term=14)


# --- -dkp.xml (real, trimmed) ------------------------------------------------------------------


def test_parse_agenda_xml_reads_the_sitting():
    agenda = parse_agenda_xml(read_fixture(DKP_XML), url="dkp.xml")

    assert agenda.external_id == "ac98bfc2-1cdd-4fba-b646-8bae0629117a"
    assert agenda.term == 14
    assert agenda.number == 2
    assert agenda.date == dt.date(2026, 9, 10)
    assert agenda.kind is SittingKind.REGULAR
    assert agenda.status_code == 6
    assert agenda.session_name == "14.Saeimas 2026.gada rudens sesija"
    assert agenda.starts_at == dt.datetime(2026, 9, 10, 9, 0, tzinfo=RIGA)
    assert agenda.ends_at == dt.datetime(2026, 9, 17, 14, 45, tzinfo=RIGA)
    assert agenda.continued_at == (dt.datetime(2026, 9, 17, 9, 0, tzinfo=RIGA),)
    assert len(agenda.items) == 4


def test_parse_agenda_xml_reads_items_and_maps_reading_codes():
    items = {i.external_id[:8]: i for i in parse_agenda_xml(read_fixture(DKP_XML), url="d").items}

    referral = items["46faefb3"]
    assert referral.document_number == "1512/Lp14"
    assert referral.reading_code == 1
    assert referral.reading is Reading.REFERRAL
    assert referral.vote_motive == (
        "Grozījumi Valsts sociālo pabalstu likumā (1512/Lp14), nodošana komisijām"
    )
    assert referral.result == "Noraidīts"
    assert (referral.votes_for, referral.votes_against, referral.votes_abstain) == (23, 18, 35)
    assert referral.registered == 82
    assert referral.committees == "Sociālo un darba lietu komisija(atbildīgā)"
    assert referral.urgent is False
    assert referral.number == 8
    assert referral.section == "Prezidija ziņojumi"

    no_confidence = items["fc5dd32b"]
    assert no_confidence.reading_code == 9
    assert no_confidence.reading is None
    assert no_confidence.title == "Par neuzticības izteikšanu veselības ministram Hosamam Abu Meri"


def test_parse_agenda_xml_climbs_parentid_for_the_document_number():
    items = {i.external_id[:8]: i for i in parse_agenda_xml(read_fixture(DKP_XML), url="d").items}

    sub_item = items["34dc647d"]
    assert sub_item.document_number is None
    assert sub_item.parent_id == "aedd01b5-b7b1-4ec8-b80d-46d8b5465904"
    assert sub_item.resolved_document_number == "1104/Lm14"
    assert sub_item.sequence == "00021.0000.901"
    assert sub_item.title == "Par iekļaušanu nākamās kārtējās sēdes darba kārtībā"
    assert sub_item.number is None
    assert items["aedd01b5"].result == "Nodots komisijai"
    assert items["aedd01b5"].votes_for is None


def test_parse_agenda_xml_parent_cycle_resolves_to_none():
    xml = read_fixture(DKP_XML).replace(
        b"<LIVSDOCUMENTID>1104/Lm14</LIVSDOCUMENTID>", b"<LIVSDOCUMENTID />"
    )
    xml = xml.replace(
        b"<PARENTID />\n    <PROPOSALCOUNT />\n    <READING>9</READING>\n    <RESULT>Nodots",
        b"<PARENTID>34dc647d-cb33-4cc0-81e1-adbc9eee3d27</PARENTID>\n    <PROPOSALCOUNT />\n"
        b"    <READING>9</READING>\n    <RESULT>Nodots",
    )

    items = {i.external_id[:8]: i for i in parse_agenda_xml(xml, url="d").items}

    assert items["34dc647d"].resolved_document_number is None
    assert items["aedd01b5"].resolved_document_number is None


def test_parse_agenda_xml_rejects_a_file_without_sitting():
    with pytest.raises(ParseError, match="no <DK> element"):
        parse_agenda_xml(b"<DKroot><DKP/></DKroot>", url="d.xml")


# --- CKAN package_show -------------------------------------------------------------------------


def test_parse_ckan_resource_name_parts():
    parts = parse_ckan_resource_name("14.Saeimas 2026.gada rudens sesija-2-vote")

    assert (parts.term, parts.year, parts.session, parts.sitting_number, parts.file_kind) == (
        14,
        2026,
        "rudens",
        2,
        "vote",
    )
    assert parts.prefix == "14.Saeimas 2026.gada rudens sesija-2"
    typo = parse_ckan_resource_name("13.Saeimas 2019.gad pavasara sesija-3-vote")
    assert (typo.term, typo.year, typo.session) == (13, 2019, "pavasara")
    extraordinary = parse_ckan_resource_name("14.Saeimas 2026.gada ārkārtas sesija-1-vote")
    assert (extraordinary.session, extraordinary.sitting_number) == ("ārkārtas", 1)
    unreadable = parse_ckan_resource_name("Saeimas sēde sesija-4-dkp")
    assert (unreadable.term, unreadable.sitting_number, unreadable.file_kind) == (None, 4, "dkp")


def test_parse_ckan_package_groups_the_three_files_of_a_sitting():
    sittings = parse_ckan_package(read_fixture(CKAN_JSON), url="package_show")

    summary = [
        (s.prefix, s.term, s.year, s.session, s.sitting_number, bool(s.dkp), bool(s.vote),
         bool(s.deb))
        for s in sittings
    ]  # fmt: skip
    assert summary == [
        ("13.Saeimas 2019.gad pavasara sesija-3", 13, 2019, "pavasara", 3, False, True, False),
        ("14.Saeimas 2026.gada pavasara sesija-15", 14, 2026, "pavasara", 15, True, True, False),
        ("14.Saeimas 2026.gada rudens sesija-2", 14, 2026, "rudens", 2, True, True, True),
        ("14.Saeimas 2026.gada ārkārtas sesija-1", 14, 2026, "ārkārtas", 1, False, True, False),
    ]
    autumn = sittings[2]
    assert autumn.vote is not None
    assert autumn.vote.url.endswith("/14.saeimas-2026.gada-rudens-sesija-2-vote.xml")
    assert autumn.vote.resource_id == "00000000-0000-0000-0000-000000000002"


def test_parse_ckan_package_rejects_a_name_that_disagrees_with_the_url():
    data = json.loads(read_fixture(CKAN_JSON))
    data["result"]["resources"][0]["name"] = "14.Saeimas 2026.gada rudens sesija-2-vote"

    with pytest.raises(ParseError, match="name says vote, URL says dkp"):
        parse_ckan_package(json.dumps(data), url="package_show")


def test_parse_ckan_package_rejects_an_unsuccessful_answer():
    with pytest.raises(ParseError, match="not success=true"):
        parse_ckan_package('{"success": false, "error": {}}', url="package_show")
