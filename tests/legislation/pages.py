"""Saved real pages served under the URLs they were read from, through `Fetcher.get`'s interface
(never the network). Shared by tests/legislation and tests/ingest/test_bills*.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path

from scrapers.errors import FetchError
from scrapers.http import FetchedPage
from scrapers.saeima.urls import agenda_url, document_card_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEGISLATION = FIXTURES / "legislation"
DUMP = FIXTURES / "saeima" / "dump-2026-04-16"

BILL_CARD_1292 = LEGISLATION / "titania_snapshot_bill_card_1292_Lp14.md"
DECISION_CARD_953 = LEGISLATION / "titania_snapshot_decision_card_953_Lm14.md"
DECISION_TEXT_953 = LEGISLATION / "titania_snapshot_decision_text_953_Lm14.md"
AGENDA_2026_04_16 = LEGISLATION / "titania_snapshot_agenda_2026-04-16.md"
REQUEST_CARD_1_P14 = LEGISLATION / "titania_request_card_1_P14.html"
SYNTHETIC_BILL_CARD_1292_HTML = LEGISLATION / "synthetic_bill_card_1292_Lp14.html"

SITTING_2026_04_16 = "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
URL_1292 = document_card_url("1292/Lp14")
URL_953 = document_card_url("953/Lm14")
URL_953_TEXT = (
    "https://titania.saeima.lv/LIVS14/saeimalivs_lmp.nsf/0/"
    "F1974A4311940EA6C2258DDB0043B181?OpenDocument"
)
URL_AGENDA = agenda_url(14, SITTING_2026_04_16)
VOTE_1292_REFERRAL = "e8ee3055-f869-4dba-80ee-07c13a4617dd"  # 16.04.2026 09:21:03, 21/44/12

FETCHED_AT = dt.datetime(2026, 4, 16, 21, 30, tzinfo=dt.UTC)


class SavedPages:
    """`get(url) -> FetchedPage` over saved pages; an unknown URL is an HTTP 404 `FetchError`."""

    def __init__(self, pages: Mapping[str, bytes | Path], *, fetched_at: dt.datetime = FETCHED_AT):
        self.pages = {
            url: content.read_bytes() if isinstance(content, Path) else content
            for url, content in pages.items()
        }
        self.fetched_at = fetched_at
        self.requested: list[str] = []

    def get(self, url: str) -> FetchedPage:
        self.requested.append(url)
        if url not in self.pages:
            raise FetchError(url, "HTTP 404")
        content = self.pages[url]
        return FetchedPage(
            url=url,
            status=200,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            fetched_at=self.fetched_at,
            not_modified=False,
        )


def real_pages() -> SavedPages:
    """The real rendered pages of 16.04.2026: the 1292/Lp14 and 953/Lm14 cards, 953's text and
    the sitting's agenda."""
    return SavedPages(
        {
            URL_1292: BILL_CARD_1292,
            URL_953: DECISION_CARD_953,
            URL_953_TEXT: DECISION_TEXT_953,
            URL_AGENDA: AGENDA_2026_04_16,
        }
    )
