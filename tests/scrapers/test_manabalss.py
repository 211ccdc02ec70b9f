"""ManaBalss.lv initiative pages, on the stored text of real pages.

Fixtures: tests/fixtures/legislation/manabalss_*.txt (sources in tests/fixtures/README.md).
"""

from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.manabalss.initiatives import (
    initiative_slug,
    month_number,
    parse_count,
    parse_initiative_page,
    parse_initiative_text,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "legislation"
IMMIGRATION = "izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu"
IMMIGRATION_URL = f"https://manabalss.lv/{IMMIGRATION}/show?locale=lv"
SALARIES = "par-atklatu-algu-valsts-parvalde"
SALARIES_URL = f"https://manabalss.lv/{SALARIES}/show"
ICE_HALL = "hokeja-halles-buvnieciba-kekavas-novada"
ICE_HALL_URL = f"https://manabalss.lv/{ICE_HALL}/show"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_parse_initiative_text_reads_an_initiative_rejected_in_the_saeima():
    record = parse_initiative_text(read(f"manabalss_{IMMIGRATION}.txt"), url=IMMIGRATION_URL)

    assert record.source == "manabalss"
    assert record.external_id == IMMIGRATION
    assert record.url == f"https://manabalss.lv/{IMMIGRATION}/show"
    assert record.source_url == IMMIGRATION_URL
    assert record.status == (
        "Iniciatīva Saeimā ir noraidīta, tomēr daļa no prasītā ir ieviešanas procesā"
    )
    assert record.author == "Olga Petkeviča"
    assert record.published == date(2022, 12, 19)
    assert record.title_lv == (
        "PĀRTRAUKT NERROT LATVIJAS IEDZĪVOTĀJUS AR KRIEVIJAS UN BALTKRIEVIJAS PILSONĪBU"
    )
    assert (record.title_en, record.title_ru) == (None, None)
    assert record.addressee == "Latvijas Republikas Saeimā"
    assert record.threshold == 10000
    assert record.signatures == 13355
    assert record.summary.startswith("Aicinu atcelt 2022. gadā steigā pieņemtos")
    assert (record.submitted, record.saeima_decision, record.bills) == (None, None, ())


def test_parse_initiative_text_leaves_a_missing_status_empty_and_skips_the_remainder():
    """The 2019 page was stored while signatures were being collected: no status line, and the
    number still needed (1'945) follows the count."""
    record = parse_initiative_text(read(f"manabalss_{SALARIES}.txt"), url=SALARIES_URL)
    assert record.status is None
    assert record.author == "Zane Zvirgzdiņa"
    assert record.published == date(2019, 6, 27)
    assert record.title_lv == "PAR ATKLĀTU ALGU VALSTS PĀRVALDĒ"
    assert (record.threshold, record.signatures) == (10000, 8055)
    assert record.summary.startswith("Aicinām būt atklātiem")


def test_parse_initiative_text_reads_a_municipal_initiative_without_body_text():
    record = parse_initiative_text(read(f"manabalss_{ICE_HALL}.txt"), url=ICE_HALL_URL)
    assert record.status == "Konceptuāli atbalstīta; netiek ieviesta līdz investīciju piesaistei"
    assert record.title_lv == "LEDUS HALLI ĶEKAVAS NOVADĀ"
    assert record.addressee == "Ķekavas novada pašvaldībā"
    assert (record.threshold, record.signatures) == (400, 511)
    assert record.published == date(2023, 6, 16)
    assert record.summary is None


def test_parse_initiative_page_reads_the_same_record_from_html():
    """Synthetic markup around the real text: labels and values in separate elements."""
    html = read(f"synthetic_manabalss_{IMMIGRATION}.html")
    from_html = parse_initiative_page(html, url=IMMIGRATION_URL)
    from_text = parse_initiative_text(read(f"manabalss_{IMMIGRATION}.txt"), url=IMMIGRATION_URL)
    assert from_html == from_text


def test_parse_initiative_text_requires_the_signature_label():
    text = read(f"manabalss_{SALARIES}.txt").replace("Jau parakstījuši", "Parakstījuši")
    with pytest.raises(ParseError, match="no 'Jau parakstījuši' count"):
        parse_initiative_text(text, url=SALARIES_URL)


def test_parse_initiative_text_requires_the_addressee_line():
    text = read(f"manabalss_{SALARIES}.txt").replace("Iniciatīva tiks iesniegta", "Adresāts:")
    with pytest.raises(ParseError, match="no 'Iniciatīva tiks iesniegta …' line"):
        parse_initiative_text(text, url=SALARIES_URL)


def test_parse_initiative_text_rejects_counts_that_disagree():
    text = read(f"manabalss_{SALARIES}.txt").replace("\n8'055\n", "\n8'056\n")
    with pytest.raises(ParseError, match="count 8056 disagrees with 'Jau parakstījuši 8055'"):
        parse_initiative_text(text, url=SALARIES_URL)


def test_parse_initiative_text_rejects_an_unknown_month():
    text = read(f"manabalss_{SALARIES}.txt").replace("27. Jun (2019)", "27. Xyz (2019)")
    with pytest.raises(ParseError, match="unknown month 'Xyz'"):
        parse_initiative_text(text, url=SALARIES_URL)


def test_parse_initiative_text_rejects_a_url_that_is_not_an_initiative():
    with pytest.raises(ParseError, match="not a ManaBalss initiative URL"):
        parse_initiative_text(
            read(f"manabalss_{SALARIES}.txt"), url="https://manabalss.lv/page/evaluation"
        )


def test_initiative_slug_ignores_the_locale():
    assert initiative_slug(IMMIGRATION_URL) == IMMIGRATION


def test_parse_count_reads_apostrophe_and_space_separators():
    assert [parse_count(t) for t in ("13'355", "13’355", "13 355", "511")] == [
        13355,
        13355,
        13355,
        511,
    ]


def test_month_number_reads_english_and_latvian_abbreviations():
    assert [month_number(m) for m in ("Dec", "Jun", "jūn", "okt", "Oct", "maijs", "Foo")] == [
        12,
        6,
        6,
        10,
        10,
        5,
        None,
    ]
