"""Sittings calendar: titania `dCC(...)` entries and the derived 14th-Saeima JSON list."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from scrapers.errors import ParseError
from scrapers.records.parliament import SittingKind, SittingRecord
from scrapers.saeima.calendar import SITTING_KINDS, parse_calendar, parse_sittings_json
from scrapers.saeima.urls import agenda_url, calendar_url
from tests.scrapers.helpers import read_fixture

REAL_LINES = "titania/synthetic_calendar_LIVS13_dcc-lines-real.html"
SITTINGS_JSON = "titania-derived/saeima14_sittings_calendar_2022-2026.json"
D = dt.date


def test_parse_calendar_groups_entries_by_sitting():
    sittings = parse_calendar(read_fixture(REAL_LINES), url=calendar_url(13))

    summary = [
        (s.external_id[:8], s.date, s.kind, s.status, s.dates, s.type_code) for s in sittings
    ]
    regular, questions = SittingKind.REGULAR, SittingKind.QUESTIONS
    extraordinary = SittingKind.EXTRAORDINARY
    assert summary == [
        ("ac53e23a", D(2018, 11, 6), regular, "Izskatīta", (D(2018, 11, 6),), 1),
        ("87c42d36", D(2018, 11, 18), SittingKind.CEREMONIAL, "Izskatīta", (D(2018, 11, 18),), 3),
        ("2be93008", D(2019, 12, 18), extraordinary, "Izskatīta", (D(2019, 12, 18),), 2),
        ("9e3b14dc", D(2019, 12, 18), extraordinary, "Izskatīta", (D(2019, 12, 18),), 2),
        ("bcacfc4d", D(2019, 12, 18), extraordinary, "Izskatīta", (D(2019, 12, 18),), 2),
        ("dd05f96a", D(2020, 1, 9), regular, "Izskatīta", (D(2020, 1, 9),), 1),
        ("59ebe4d8", D(2020, 1, 16), regular, "Izskatīta", (D(2020, 1, 16),), 1),
        ("f51b75e2", D(2020, 1, 16), questions, "Atcelta", (D(2020, 1, 16),), 5),
        ("5c406990", D(2020, 1, 23), regular, "Izskatīta", (D(2020, 1, 23), D(2020, 1, 30)), 1),
        ("bcd36cbd", D(2020, 1, 23), questions, "Atcelta", (D(2020, 1, 23),), 5),
        ("0aa4b22a", D(2020, 1, 30), questions, "Atcelta", (D(2020, 1, 30),), 5),
        ("3f3974a1", D(2020, 1, 30), regular, "Izskatīta", (D(2020, 1, 30), D(2020, 2, 6)), 1),
        ("c6410ddb", D(2020, 2, 6), regular, "Izskatīta", (D(2020, 2, 6),), 1),
    ]


def test_parse_calendar_builds_agenda_urls_and_reads_the_term_from_the_url():
    sittings = parse_calendar(read_fixture(REAL_LINES), url=calendar_url(13))

    first = sittings[0]
    assert first == SittingRecord(
        external_id="ac53e23a-29d9-468f-b39b-8429fa44a5cd",
        term=13,
        date=D(2018, 11, 6),
        kind=SittingKind.REGULAR,
        url="https://titania.saeima.lv/LIVS13/SaeimaLIVS2_DK.nsf/DK?ReadForm"
        "&nr=ac53e23a-29d9-468f-b39b-8429fa44a5cd",
        dates=(D(2018, 11, 6),),
        status="Izskatīta",
        type_code=1,
    )


def test_parse_calendar_uses_the_page_stage_labels():
    page = read_fixture(REAL_LINES).replace(
        b'stageLabels["8"]="Atcelta";', b'stageLabels["8"]="Atcelta (no questions)";'
    )

    sittings = parse_calendar(page, url=calendar_url(13))

    assert Counter(s.status for s in sittings) == {"Izskatīta": 10, "Atcelta (no questions)": 3}


def dcc_line(sitting: SittingRecord, type_code: int) -> str:
    """A `dCC` call of the documented shape for one sitting (stage 6 = Izskatīta, 09:00)."""
    key = f"{4000 - sitting.date.year}{sitting.date.month:02}{sitting.date.day:02}09000006"
    return (
        f'dCC("{key}","{sitting.date.year}","{sitting.date.month}","{sitting.date.day}",'
        f'"{type_code}","6","{sitting.external_id}");'
    )


def test_parse_calendar_round_trips_the_307_sittings_of_the_derived_json():
    """A synthetic calendar page built from the derived JSON gives back the same sittings."""
    from_json = parse_sittings_json(read_fixture(SITTINGS_JSON), url="derived.json")
    code_of = {kind: code for code, kind in SITTING_KINDS.items() if code <= 6}
    page = (
        '<div class="viewHolderText" id="viewHolderText" style="display:none">\n'
        + "\n".join(dcc_line(s, code_of[s.kind]) for s in from_json)
        + "\nfinishCalendarCode();\n</div>"
    )

    from_page = parse_calendar(page, url=calendar_url(14))

    assert len(from_page) == 307
    assert {(s.external_id, s.date, s.kind, s.url) for s in from_page} == {
        (s.external_id, s.date, s.kind, s.url) for s in from_json
    }
    assert {s.status for s in from_page} == {"Izskatīta"}


def test_parse_sittings_json_reads_307_sittings_of_the_14th_saeima():
    sittings = parse_sittings_json(read_fixture(SITTINGS_JSON), url="derived.json")

    assert len(sittings) == 307
    assert Counter(s.kind for s in sittings) == {
        SittingKind.REGULAR: 142,
        SittingKind.QUESTIONS: 104,
        SittingKind.EXTRAORDINARY: 47,
        SittingKind.CEREMONIAL: 10,
        SittingKind.EXTRAORDINARY_SESSION: 4,
    }
    assert len({s.external_id for s in sittings}) == 307
    assert {s.term for s in sittings} == {14}
    assert all(s.url == agenda_url(14, s.external_id) for s in sittings)
    assert (sittings[0].date, sittings[0].kind) == (D(2022, 11, 1), SittingKind.REGULAR)
    assert min(s.date for s in sittings) == D(2022, 11, 1)
    assert max(s.date for s in sittings) == D(2026, 8, 21)
    sitting_16_april = [s for s in sittings if s.date == D(2026, 4, 16)]
    assert [(s.external_id, s.kind) for s in sitting_16_april] == [
        ("01945b61-73bb-4d34-bac1-5cd2db8d4ae1", SittingKind.REGULAR)
    ]


def test_parse_sittings_json_rejects_an_unknown_session_type():
    data = json.loads(read_fixture(SITTINGS_JSON))
    data[3]["session_type"] = "nakts"

    with pytest.raises(ParseError, match="item 3: unknown session_type 'nakts'"):
        parse_sittings_json(json.dumps(data), url="derived.json")


def test_parse_calendar_rejects_a_page_without_entries():
    with pytest.raises(ParseError, match="no dCC"):
        parse_calendar("<html><body>Darba kārtības</body></html>", url=calendar_url(14))


def test_parse_calendar_rejects_an_unknown_type_code():
    page = (
        'dCC("1974041609000006","2026","4","16","13","6","01945b61-73bb-4d34-bac1-5cd2db8d4ae1");'
    )

    with pytest.raises(ParseError, match="unknown sitting type code 13"):
        parse_calendar(page, url=calendar_url(14))


def test_parse_calendar_rejects_an_entry_without_guid():
    page = 'dCC("1974041609000006","2026","4","16","1","6","");'

    with pytest.raises(ParseError, match="dCC call 1 has no sitting GUID"):
        parse_calendar(page, url=calendar_url(14))


def test_parse_calendar_needs_a_term():
    page = 'dCC("1974041609000006","2026","4","16","1","6","01945b61-73bb-4d34-bac1-5cd2db8d4ae1");'

    with pytest.raises(ParseError, match="names no convocation"):
        parse_calendar(page, url="saved/calendar.html")
    assert parse_calendar(page, url="saved/calendar.html", term=14)[0].term == 14
