"""The one module that touches the network: a polite, retrying, conditional HTTP fetcher.

`Fetcher.get(url)` returns a `FetchedPage` with the raw bytes and their sha256, so the ingest can
skip a page whose checksum equals the last successful run. ETag / Last-Modified validators are
remembered per URL (or passed in by the caller from its own store); a `304 Not Modified` answer is
reported as `not_modified=True`. Connection errors, timeouts, 5xx and 429 are retried a bounded
number of times with exponential back-off; anything else that is not 2xx raises `FetchError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from scrapers.errors import FetchError

__all__ = ["DEFAULT_USER_AGENT", "FetchedPage", "Fetcher"]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "ParVaiPret/0.1 (+https://github.com/parvaipret)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One HTTP response.

    On `304 Not Modified` `not_modified` is true; `content`/`sha256` are then those of the copy
    this Fetcher saw earlier, or `b""`/`None` if it never saw the page (validators came from the
    caller).
    """

    url: str
    status: int
    content: bytes
    sha256: str | None
    fetched_at: dt.datetime  # aware, UTC
    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    def is_unchanged(self, previous_sha256: str | None) -> bool:
        """True if the server said 304 or the body's checksum equals `previous_sha256`."""
        return self.not_modified or (previous_sha256 is not None and self.sha256 == previous_sha256)


@dataclass(slots=True)
class _Remembered:
    etag: str | None
    last_modified: str | None
    content: bytes
    sha256: str
    content_type: str | None


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sha256_hex(content: bytes) -> str:
    """The checksum used to recognise an unchanged page."""
    return hashlib.sha256(content).hexdigest()


class Fetcher:
    """A `requests` session with a named User-Agent, timeouts, retries, a delay and validators.

    `delay` is the minimum number of seconds between two requests (0 in tests). `save_dir`, when
    given, receives every raw response body plus a `.meta.json` sidecar (URL, status, headers,
    time), so that a first live download can become test fixtures. `sleep`, `monotonic` and
    `now` are injectable for tests.
    """

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        delay: float = 1.0,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        save_dir: str | Path | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.save_dir = Path(save_dir) if save_dir is not None else None
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self._sleep = sleep
        self._monotonic = monotonic
        self._now = now
        self._last_request_at: float | None = None
        self._remembered: dict[str, _Remembered] = {}

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        conditional: bool = True,
    ) -> FetchedPage:
        """Fetch `url`; raise `FetchError` when it cannot be fetched.

        `etag`/`last_modified` override the validators remembered from an earlier fetch of the
        same URL; `conditional=False` sends none.
        """
        headers: dict[str, str] = {}
        remembered = self._remembered.get(url)
        if conditional:
            etag = etag or (remembered.etag if remembered else None)
            last_modified = last_modified or (remembered.last_modified if remembered else None)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified

        response = self._request_with_retries(url, headers)
        fetched_at = self._now()
        self._save(url, response, fetched_at)

        if response.status_code == 304:
            logger.info("not modified: %s", url)
            return FetchedPage(
                url=url,
                status=304,
                content=remembered.content if remembered else b"",
                sha256=remembered.sha256 if remembered else None,
                fetched_at=fetched_at,
                not_modified=True,
                etag=response.headers.get("ETag") or etag,
                last_modified=response.headers.get("Last-Modified") or last_modified,
                content_type=remembered.content_type if remembered else None,
            )
        if not 200 <= response.status_code < 300:
            raise FetchError(url, f"HTTP {response.status_code}")

        content = response.content
        checksum = sha256_hex(content)
        page = FetchedPage(
            url=url,
            status=response.status_code,
            content=content,
            sha256=checksum,
            fetched_at=fetched_at,
            not_modified=False,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            content_type=response.headers.get("Content-Type"),
        )
        self._remembered[url] = _Remembered(
            page.etag, page.last_modified, content, checksum, page.content_type
        )
        return page

    def _request_with_retries(self, url: str, headers: dict[str, str]) -> requests.Response:
        attempt = 0
        while True:
            self._wait_politely()
            reason: str
            retry_after: float | None = None
            try:
                response = self.session.get(
                    url, headers=headers, timeout=self.timeout, allow_redirects=True
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            except requests.RequestException as exc:
                raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                reason = f"HTTP {response.status_code}"
                retry_after = _retry_after_seconds(response)
            if attempt >= self.max_retries:
                raise FetchError(url, f"{reason} (gave up after {attempt + 1} attempts)")
            pause = self.backoff * (2**attempt)
            if retry_after is not None:
                pause = max(pause, min(retry_after, MAX_RETRY_AFTER_SECONDS))
            logger.warning("retrying %s in %.1f s after %s", url, pause, reason)
            self._sleep(pause)
            attempt += 1

    def _wait_politely(self) -> None:
        now = self._monotonic()
        if self._last_request_at is not None and self.delay > 0:
            remaining = self.delay - (now - self._last_request_at)
            if remaining > 0:
                self._sleep(remaining)
                now = self._monotonic()
        self._last_request_at = now

    def _save(self, url: str, response: requests.Response, fetched_at: dt.datetime) -> None:
        if self.save_dir is None:
            return
        self.save_dir.mkdir(parents=True, exist_ok=True)
        stem = saved_file_stem(url, fetched_at)
        body_path = self.save_dir / f"{stem}{_extension(response.headers.get('Content-Type'))}"
        body_path.write_bytes(response.content)
        meta = {
            "url": url,
            "final_url": response.url,
            "status": response.status_code,
            "fetched_at": fetched_at.isoformat(),
            "headers": dict(response.headers),
            "sha256": sha256_hex(response.content),
            "file": body_path.name,
        }
        meta_path = self.save_dir / f"{stem}.meta.json"
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def saved_file_stem(url: str, fetched_at: dt.datetime) -> str:
    """A readable, collision-safe file name for a saved response (no extension)."""
    parts = urlsplit(url)
    readable = f"{parts.netloc}{parts.path}"
    if parts.query:
        readable += f"_{parts.query}"
    readable = re.sub(r"[^A-Za-z0-9._=-]+", "_", readable).strip("_")[:120]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{fetched_at.strftime('%Y%m%dT%H%M%SZ')}_{readable}_{digest}"


def _extension(content_type: str | None) -> str:
    kind = (content_type or "").split(";")[0].strip().lower()
    return {
        "text/html": ".html",
        "application/json": ".json",
        "application/xml": ".xml",
        "text/xml": ".xml",
        "text/csv": ".csv",
        "application/pdf": ".pdf",
        "text/plain": ".txt",
    }.get(kind, ".bin")


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    return None
