"""The scrapers' error hierarchy: one base class, so the ingest can catch them all."""

from __future__ import annotations


class ScrapeError(Exception):
    """Base class of every error raised under `scrapers/`."""


class FetchError(ScrapeError):
    """A page could not be fetched (network, HTTP status, retries exhausted)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class ParseError(ScrapeError):
    """A page did not have the shape its parser expects.

    `url` names the source (a URL or a file name), `reason` says what was missing or malformed.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")
