"""The fetcher the pipelines use: anything with `get(url) -> FetchedPage` (scrapers.http.Fetcher).

Tests pass an object with the same method that serves saved real pages from tests/fixtures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from django.conf import settings

from scrapers.http import FetchedPage, Fetcher


class PageFetcher(Protocol):
    def get(self, url: str) -> FetchedPage: ...


def default_fetcher(*, save_dir: str | Path | None = None) -> Fetcher:
    """A polite `Fetcher` configured from the settings (User-Agent, delay, raw-response folder)."""
    return Fetcher(
        user_agent=settings.SCRAPER_USER_AGENT,
        delay=settings.SCRAPER_DELAY_SECONDS,
        save_dir=save_dir or settings.SCRAPER_CACHE_DIR or None,
    )
