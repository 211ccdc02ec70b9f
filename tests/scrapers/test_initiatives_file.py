"""The editors' initiatives import file (docs/initiatives-file.md): CSV and JSON."""

import json
from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.initiatives_file import parse_initiatives_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"
EXAMPLE = FIXTURES / "synthetic_initiatives_import.csv"
HEADER = "source,external_id,title_lv,signatures,published,saeima_decision,bills,url"


def test_parse_initiatives_file_reads_the_documented_example():
    result = parse_initiatives_file(EXAMPLE.read_bytes(), name="initiatives.csv")

    assert result.errors == ()
    salaries, immigration = result.records
    assert salaries.source == "manabalss"
    assert salaries.external_id == "par-atklatu-algu-valsts-parvalde"
    assert salaries.url == "https://manabalss.lv/par-atklatu-algu-valsts-parvalde/show"
    assert salaries.title_lv == "Par atklātu algu valsts pārvaldē"
    assert salaries.author == "Zane Zvirgzdiņa"
    assert salaries.published == date(2019, 6, 27)
    assert (salaries.signatures, salaries.threshold) == (8055, 10000)
    assert salaries.status is None
    assert salaries.addressee == "Latvijas Republikas Saeimā"
    assert salaries.saeima_decision == "928/Lm14"
    assert salaries.bills == ()
    assert salaries.source_url == "initiatives.csv#row=2"

    assert immigration.published == date(2022, 12, 19)
    assert immigration.signatures == 13355
    assert immigration.status == (
        "Iniciatīva Saeimā ir noraidīta, tomēr daļa no prasītā ir ieviešanas procesā"
    )
    assert immigration.summary is None


def test_parse_initiatives_file_keeps_good_rows_and_numbers_the_bad_ones():
    content = "\n".join(
        [
            HEADER,
            "manabalss,a,Pirmā,10'177,2024-05-02,928/Lm14,1292/Lp14 1293/Lp14,",
            "manabalss,b,Otrā,desmit tūkstoši,2024-02-30,928/Lp14,,",
            ",c,,1,,,,",
            "manabalss,d,Ceturtā,,,,1292/Lm14,ftp://x",
            "",
            "manabalss,a,Atkārtota,,,,,",
            "manabalss,e,Piektā,11 391,02.05.2024,,,https://manabalss.lv/e/show",
        ]
    )
    result = parse_initiatives_file(content, name="edit.csv")

    assert [r.external_id for r in result.records] == ["a", "e"]
    first, fifth = result.records
    assert first.bills == ("1292/Lp14", "1293/Lp14")
    assert (first.signatures, first.source_url) == (10177, "edit.csv#row=2")
    assert (fifth.signatures, fifth.published, fifth.source_url) == (
        11391,
        date(2024, 5, 2),
        "edit.csv#row=8",
    )
    assert [e.reason for e in result.errors] == [
        "row 3: published: impossible date '2024-02-30'; signatures: not a whole number: "
        "'desmit tūkstoši' (digits, optionally 13'355 or 13 355); saeima_decision: '928/Lp14' is "
        "not a decision number like 928/Lm14",
        "row 4: source: missing; title: none of title_lv, title_en, title_ru is filled",
        "row 5: bills: not bill numbers like 1292/Lp14: 1292/Lm14; url: 'ftp://x' does not start "
        "with https://",
        "row 7: manabalss/a repeats row 2; row skipped",
    ]
    assert all(e.url == "edit.csv" for e in result.errors)


def test_parse_initiatives_file_reads_json_with_lists_and_numbers():
    items = [
        {
            "source": "manabalss",
            "external_id": "par-atklatu-algu-valsts-parvalde",
            "title_lv": "Par atklātu algu valsts pārvaldē",
            "representative": "Zane Zvirgzdiņa",
            "signatures": 8055,
            "threshold": 10000,
            "bills": [],
            "saeima_decision": "928/Lm14",
        },
        {"source": "manabalss", "external_id": "x", "title_lv": "X", "signatures": -1},
        ["not", "an", "object"],
        {"source": "manabalss", "external_id": "y", "title": "Y"},
    ]
    result = parse_initiatives_file(json.dumps({"initiatives": items}), name="edit.json")

    (record,) = result.records
    assert record.author == "Zane Zvirgzdiņa"
    assert (record.signatures, record.threshold, record.bills) == (8055, 10000, ())
    assert record.source_url == "edit.json#item=1"
    assert [e.reason for e in result.errors] == [
        "item 2: signatures: negative number -1",
        "item 3: not an object",
        "item 4: unknown fields: title",
    ]


def test_parse_initiatives_file_reads_semicolon_separated_csv_with_a_bom():
    content = "\ufeffsource;external_id;title_lv;signatures\nmanabalss;a;Pirmā;10 177\n"
    result = parse_initiatives_file(content.encode("utf-8"), name="excel.csv")
    assert [(r.external_id, r.signatures) for r in result.records] == [("a", 10177)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("source,external_id,title_lv,signature\n", "unknown columns: signature"),
        ("source,title_lv\n", "missing columns: external_id"),
        ("source,external_id,summary\n", "missing columns: title_lv (or title_en / title_ru)"),
        ("source,external_id,title_lv,title_lv\n", "repeated columns: title_lv"),
        ("", "no header row"),
    ],
)
def test_parse_initiatives_file_rejects_a_file_it_cannot_read(content, reason):
    with pytest.raises(ParseError) as raised:
        parse_initiatives_file(content, name="edit.csv")
    assert raised.value.reason == reason


def test_parse_initiatives_file_rejects_json_that_is_not_a_list():
    with pytest.raises(ParseError, match="must be a list of objects"):
        parse_initiatives_file('{"source": "manabalss"}', name="edit.json")


def test_parse_initiatives_file_rejects_text_that_is_not_utf8():
    with pytest.raises(ParseError, match="not UTF-8"):
        parse_initiatives_file("source,external_id,title_lv\n".encode("utf-16"), name="edit.csv")


def test_parse_initiatives_file_needs_a_known_suffix_or_format():
    with pytest.raises(ParseError, match=r"name the file \.csv or \.json"):
        parse_initiatives_file("source,external_id,title_lv\n", name="edit.txt")
    result = parse_initiatives_file(
        "source,external_id,title_lv\nmanabalss,a,A\n", name="edit.txt", file_format="csv"
    )
    assert [r.external_id for r in result.records] == ["a"]


def test_parse_initiatives_file_reads_the_example_in_the_docs():
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "initiatives-file.md").read_text(
        encoding="utf-8"
    )
    example = re.search(r"```csv\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    result = parse_initiatives_file(example[1], name="docs.csv")
    assert result.errors == ()
    assert [(r.external_id, r.saeima_decision) for r in result.records] == [
        ("par-atklatu-algu-valsts-parvalde", "928/Lm14"),
        ("izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu", None),
    ]
