"""Deputy lists: the titania DepWeb view and the stored rosters."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest

from scrapers.errors import ParseError
from scrapers.records.parliament import DeputyRecord
from scrapers.saeima.deputies import (
    faction_short_for,
    parse_delna_csv,
    parse_deputy_list,
    parse_dump_deputies_csv,
    parse_pasted_faction_table,
    parse_popolo_persons,
)
from scrapers.saeima.names import name_key_from_full
from scrapers.saeima.urls import deputies_url
from tests.scrapers.helpers import read_fixture

DEPWEB = "titania/deputies-list_saeima14_depweb_public.html"
DEPWEB_URL = deputies_url(14)
AS_NAME = (
    "Frakcija “APVIENOTAIS SARAKSTS – Latvijas Zaļā partija, Latvijas Reģionu Apvienība, "
    "Liepājas partija”"
)


def depweb() -> list[DeputyRecord]:
    return parse_deputy_list(read_fixture(DEPWEB), url=DEPWEB_URL)


# --- titania DepWeb ----------------------------------------------------------------------------


def test_parse_deputy_list_yields_exactly_100_deputies_with_unids():
    deputies = depweb()

    assert len(deputies) == 100
    assert len({d.external_id for d in deputies}) == 100
    assert all(re.fullmatch(r"[0-9A-F]{32}", d.external_id or "") for d in deputies)
    assert all(d.term == 14 and d.source_url == DEPWEB_URL for d in deputies)


def test_parse_deputy_list_reads_names_and_factions():
    deputies = depweb()

    assert deputies[0] == DeputyRecord(
        external_id="33EEA91F4258FD2FC22588E0002AE037",
        first_name="Inga",
        last_name="Bērziņa",
        full_name="Inga Bērziņa",
        faction_short="JV",
        faction_name="Frakcija JAUNĀ VIENOTĪBA",
        source_url=DEPWEB_URL,
        term=14,
    )
    assert Counter(d.faction_short for d in deputies) == {
        "JV": 24, "ZZS": 16, "NA": 12, "AS": 12, "PRO": 9, "LPV": 8, "": 19,
    }  # fmt: skip
    unaffiliated = {d.faction_name for d in deputies if d.faction_short == ""}
    assert unaffiliated == {"Pie frakcijām nepiederošie deputāti"}
    assert {d.faction_name for d in deputies if d.faction_short == "AS"} == {AS_NAME}


def test_parse_deputy_list_fails_when_fewer_than_90_parse():
    page = read_fixture(DEPWEB).decode()
    calls = list(re.finditer(r"drawDep\(\{.*?\}\);?", page))
    truncated = page[: calls[89].start()] + page[calls[-1].end() :]  # keep 89 of 100

    with pytest.raises(ParseError, match="only 89 drawDep deputies parsed, expected at least 90"):
        parse_deputy_list(truncated, url=DEPWEB_URL)


def test_parse_deputy_list_rejects_a_call_without_unid():
    page = read_fixture(DEPWEB).decode()
    broken = page.replace(',unid:"33EEA91F4258FD2FC22588E0002AE037"', "", 1)

    with pytest.raises(ParseError, match="drawDep call 1 lacks unid"):
        parse_deputy_list(broken, url=DEPWEB_URL)


def test_parse_deputy_list_rejects_a_repeated_unid():
    page = read_fixture(DEPWEB).decode()
    broken = page.replace("A5791F8E6A227453C22588E0002AE051", "33EEA91F4258FD2FC22588E0002AE037")

    with pytest.raises(ParseError, match="drawDep call 2 repeats unid"):
        parse_deputy_list(broken, url=DEPWEB_URL)


# --- Delna CSVs --------------------------------------------------------------------------------


def test_parse_delna_13_splits_surname_comma_name():
    deputies = parse_delna_csv(
        read_fixture("deputies/delna_integritywatch_groups_13saeima.csv"), url="delna13", term=13
    )

    assert len(deputies) == 100
    assert deputies[0] == DeputyRecord(
        external_id="DE7DDFC52912D419C22583320029E403",
        first_name="Aldis",
        last_name="Adamovičs",
        full_name="Aldis Adamovičs",
        faction_short=None,  # 13th-Saeima vote-page codes are not known
        faction_name="Jaunā Vienotība",
        source_url="delna13",
        term=13,
    )
    beitnere = next(d for d in deputies if d.full_name.endswith("Beitnere-Le Galla"))
    assert (beitnere.first_name, beitnere.last_name) == ("Dagmāra", "Beitnere-Le Galla")
    assert [d.full_name for d in deputies if d.external_id is None] == ["Kārlis Šadurskis"]
    assert Counter(d.faction_short for d in deputies) == {None: 80, "": 20}


def test_parse_delna_14_keeps_full_names_unsplit_and_maps_faction_codes():
    deputies = parse_delna_csv(
        read_fixture("deputies/delna_integritywatch_groups_14saeima.csv"), url="delna14", term=14
    )

    assert len(deputies) == 99
    assert deputies[0] == DeputyRecord(
        external_id="96A252C4C3BA55CFC22588E0002AE0B8",
        first_name=None,
        last_name=None,
        full_name="Agita Zariņa-Stūre",
        faction_short="JV",
        faction_name="Frakcija JAUNĀ VIENOTĪBA",
        source_url="delna14",
        term=14,
    )
    assert Counter(d.faction_short for d in deputies) == {
        "JV": 26, "ZZS": 16, "AS": 14, "NA": 13, None: 10, "PRO": 10, "LPV": 8, "": 2,
    }  # fmt: skip
    assert {d.faction_name for d in deputies if d.faction_short is None} == {
        "Frakcija “Stabilitātei!”"
    }


def test_parse_delna_14_drops_profile_links_shared_by_two_deputies():
    deputies = parse_delna_csv(
        read_fixture("deputies/delna_integritywatch_groups_14saeima.csv"), url="delna14", term=14
    )

    assert sorted(d.full_name for d in deputies if d.external_id is None) == [
        "Ingrīda Circene",
        "Irma Kalniņa",
        "Mārcis Jencītis",
        "Māris Kučinskis",
        "Raimonds Bergmanis",
        "Raimonds Čudars",
    ]


def test_delna_14_unids_name_the_same_people_as_depweb():
    by_unid = {d.external_id: d for d in depweb()}
    delna = parse_delna_csv(
        read_fixture("deputies/delna_integritywatch_groups_14saeima.csv"), url="delna14", term=14
    )

    common = [d for d in delna if d.external_id in by_unid]

    assert len(common) == 69
    assert all(
        name_key_from_full(d.full_name) == name_key_from_full(by_unid[d.external_id].full_name)
        for d in common
    )


def test_parse_delna_csv_rejects_a_file_without_the_name_column():
    with pytest.raises(ParseError, match="lacks the column 'Deputāts/e'"):
        parse_delna_csv("Vārds,Frakcija\nAldis,JV\n", url="broken.csv", term=14)


# --- pasted faction table, dump ----------------------------------------------------------------


def test_parse_pasted_faction_table_reads_100_rows():
    deputies = parse_pasted_faction_table(
        read_fixture("deputies/deputies_14saeima_2025-02_pasted-table.txt"), url="pasted", term=14
    )

    assert len(deputies) == 100
    assert deputies[0] == DeputyRecord(
        external_id=None,
        first_name="Skaidrīte",
        last_name="Ābrama",
        full_name="Skaidrīte Ābrama",
        faction_short="PRO",
        faction_name="Frakcija PROGRESĪVIE",
        source_url="pasted",
        term=14,
    )
    assert deputies[-1].full_name == "Edmunds Zivtiņš"
    assert Counter(d.faction_short for d in deputies) == {
        "JV": 25, "ZZS": 16, "AS": 13, "NA": 12, None: 10, "PRO": 9, "LPV": 8, "": 7,
    }  # fmt: skip


def test_parse_pasted_faction_table_rejects_a_short_line():
    with pytest.raises(ParseError, match="line 2: expected"):
        parse_pasted_faction_table(
            " Vārds\t Uzvārds\t Nosaukums\r\n1.\tInga\tBērziņa\r\n", url="x", term=14
        )


def test_parse_dump_deputies_csv_reads_all_116_rows():
    deputies = parse_dump_deputies_csv(
        read_fixture("dump-2026-04-16/deputies.csv"), url="dump/deputies.csv", term=14
    )

    assert len(deputies) == 116
    assert sum(d.external_id is not None for d in deputies) == 100
    assert Counter(d.source_note for d in deputies) == {
        "titania DepWeb list, 2026": 100,
        "titania faction table, Feb 2025": 13,
        "vote pages only": 3,
    }
    levrence = next(d for d in deputies if d.last_name == "Levrence")
    assert (levrence.first_name, levrence.faction_short, levrence.faction_name) == (
        "Selma Teodora",
        "PRO",
        None,
    )


def test_dump_deputies_agree_with_depweb_where_they_share_a_unid():
    by_unid = {d.external_id: d for d in depweb()}
    dump = parse_dump_deputies_csv(read_fixture("dump-2026-04-16/deputies.csv"), url="dump")

    for deputy in dump:
        if deputy.external_id:
            listed = by_unid[deputy.external_id]
            assert (deputy.first_name, deputy.last_name, deputy.faction_short) == (
                listed.first_name,
                listed.last_name,
                listed.faction_short,
            )


def test_parse_dump_deputies_csv_rejects_a_missing_column():
    with pytest.raises(ParseError, match="CSV header lacks faction_name, source"):
        parse_dump_deputies_csv("deputy_id,first_name,last_name,faction_short\n", url="x")


# --- EveryPolitician Popolo --------------------------------------------------------------------


def test_parse_popolo_persons_one_record_per_membership():
    content = read_fixture("deputies/everypolitician_latvia_saeima_popolo.json")

    counts = {
        term: len(parse_popolo_persons(content, url="popolo", term=term)) for term in (10, 11, 12)
    }

    assert counts == {10: 115, 11: 144, 12: 177}


def test_parse_popolo_persons_reads_the_unid_of_that_convocation():
    content = read_fixture("deputies/everypolitician_latvia_saeima_popolo.json")

    term12 = parse_popolo_persons(content, url="popolo", term=12)

    lidaka = [d for d in term12 if d.last_name == "Līdaka"]
    assert lidaka == [
        DeputyRecord(
            external_id="512766ACADE756C8C2257D7B0032D8FE",
            first_name="Ingmārs",
            last_name="Līdaka",
            full_name="Ingmārs Līdaka",
            faction_short=None,
            faction_name="Union of Greens and Farmers",
            source_url="popolo",
            term=12,
            end_date=dt.date(2018, 3, 8),
        )
    ]
    assert all(d.external_id for d in term12)


def test_popolo_legacy_id_is_the_12th_saeima_unid():
    content = read_fixture("deputies/everypolitician_latvia_saeima_popolo.json")
    data = json.loads(content)
    legacy = {
        ident["identifier"].upper()
        for person in data["persons"]
        for ident in person.get("identifiers", [])
        if ident["scheme"] == "everypolitician_legacy"
    }

    term12_unids = {d.external_id for d in parse_popolo_persons(content, url="popolo", term=12)}

    assert len(legacy) == 102
    assert legacy <= term12_unids


def test_parse_popolo_persons_rejects_an_unknown_term():
    content = read_fixture("deputies/everypolitician_latvia_saeima_popolo.json")

    with pytest.raises(ParseError, match="no memberships for term/14"):
        parse_popolo_persons(content, url="popolo", term=14)


def test_faction_short_for_known_unaffiliated_and_unknown():
    assert faction_short_for(14, "Frakcija PROGRESĪVIE") == "PRO"
    assert faction_short_for(13, "Pie frakcijām nepiederošie deputāti") == ""
    assert faction_short_for(14, "Frakcija “Stabilitātei!”") is None
    assert faction_short_for(14, None) is None
