"""URL builders for titania and data.gov.lv, parameterised by the Saeima's number."""

from __future__ import annotations

import pytest

from scrapers.saeima import urls


def test_calendar_url_per_term():
    assert urls.calendar_url(14) == (
        "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm&calendar=1"
    )
    assert urls.calendar_url(13) == (
        "https://titania.saeima.lv/LIVS13/SaeimaLIVS2_DK.nsf/DK?ReadForm&calendar=1"
    )


def test_agenda_url_uses_the_sitting_guid():
    assert urls.agenda_url(14, "01945B61-73bb-4d34-bac1-5cd2db8d4ae1") == (
        "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm"
        "&nr=01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
    )
    assert urls.current_agenda_url(14) == (
        "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm&actual=1"
    )


def test_vote_page_url_archived_and_live_forms():
    assert urls.vote_page_url(12, "896B8B28CE7DE8DDC22582890078D9DD") == (
        "https://titania.saeima.lv/LIVS12/SaeimaLIVS2_DK.nsf/0/"
        "896b8b28ce7de8ddc22582890078d9dd?OpenDocument"
    )
    assert urls.vote_live_url(14, "27e0adc5-136d-4b3c-b852-cbca341a1a18") == (
        "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/Voting?ReadForm"
        "&parentID=27e0adc5-136d-4b3c-b852-cbca341a1a18"
    )
    assert urls.vote_page_url(14, "27e0adc5-136d-4b3c-b852-cbca341a1a18") == urls.vote_live_url(
        14, "27e0adc5-136d-4b3c-b852-cbca341a1a18"
    )


def test_deputies_and_profile_urls():
    assert urls.deputies_url(14) == (
        "https://titania.saeima.lv/personal/deputati/saeima14_depweb_public.nsf/"
        "deputies?OpenView&lang=LV&count=1000"
    )
    assert urls.deputy_profile_url(14, "33eea91f4258fd2fc22588e0002ae037") == (
        "https://titania.saeima.lv/personal/deputati/saeima14_depweb_public.nsf/"
        "0/33EEA91F4258FD2FC22588E0002AE037?OpenDocument&lang=LV"
    )


def test_bill_card_url_by_number():
    assert urls.bill_card_url(14, "1292/Lp14") == (
        "https://titania.saeima.lv/LIVS14/saeimalivs14.nsf/"
        "webSasaiste?OpenView&restricttocategory=1292/Lp14"
    )


def test_document_card_url_picks_the_database_from_the_number():
    assert urls.document_card_url("1292/Lp14") == urls.bill_card_url(14, "1292/Lp14")
    assert urls.document_card_url("953/Lm14") == (
        "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/"
        "webSasaiste?OpenView&restricttocategory=953/Lm14"
    )
    assert urls.document_card_url("1165/Lp12").startswith(
        "https://titania.saeima.lv/LIVS12/saeimalivs12.nsf/"
    )


def test_ckan_package_show_url():
    assert urls.ckan_package_show_url() == (
        "https://data.gov.lv/dati/api/3/action/package_show?id=saeimas-sedes"
    )


@pytest.mark.parametrize(
    ("builder", "args"),
    [
        (urls.calendar_url, (9,)),
        (urls.agenda_url, (14, "not-a-guid")),
        (urls.vote_live_url, (14, "896B8B28CE7DE8DDC22582890078D9DD")),
        (urls.deputy_profile_url, (14, "Bērziņa")),
        (urls.bill_card_url, (14, "953/Lm14")),
        (urls.document_card_url, ("1292 Lp14",)),
    ],
)
def test_url_builders_reject_malformed_input(builder, args):
    with pytest.raises(ValueError):
        builder(*args)


def test_term_from_url_reads_the_convocation():
    assert urls.term_from_url(urls.calendar_url(13)) == 13
    assert urls.term_from_url(urls.deputies_url(14)) == 14
    assert urls.term_from_url("https://www.saeima.lv/lv/transcripts/category/19") is None


def test_vote_id_from_url_reads_hex_and_guid_forms():
    archived = "https://titania.saeima.lv/LIVS12/SaeimaLIVS2_DK.nsf/0/896b8b28ce7de8ddc22582890078d9dd?OpenDocument"
    live = "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/Voting?ReadForm&parentID=27E0ADC5-136d-4b3c-b852-cbca341a1a18"
    assert urls.vote_id_from_url(archived) == "896B8B28CE7DE8DDC22582890078D9DD"
    assert urls.vote_id_from_url(live) == "27e0adc5-136d-4b3c-b852-cbca341a1a18"
    assert urls.vote_id_from_url(urls.calendar_url(14)) is None
