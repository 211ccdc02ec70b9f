"""The Fetcher: User-Agent, checksums, validators, retries, delay and raw saving (HTTP mocked)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import requests

from scrapers.errors import FetchError
from scrapers.http import DEFAULT_USER_AGENT, FetchedPage, Fetcher

URL = "https://titania.saeima.lv/LIVS14/SaeimaLIVS2_DK.nsf/DK?ReadForm&calendar=1"
BODY = b"<html><body>dCC(...)</body></html>"
NOW = dt.datetime(2026, 4, 16, 7, 30, tzinfo=dt.UTC)


class FakeClock:
    """Records sleeps and advances a monotonic clock by them."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


def make_fetcher(clock: FakeClock | None = None, **kwargs: object) -> Fetcher:
    clock = clock or FakeClock()
    options: dict[str, object] = {
        "delay": 0,
        "sleep": clock.sleep,
        "monotonic": clock.monotonic,
        "now": lambda: NOW,
    }
    options.update(kwargs)
    return Fetcher(**options)  # type: ignore[arg-type]


def test_fetcher_get_returns_bytes_checksum_and_aware_utc_time(http_mock):
    http_mock.get(URL, body=BODY, headers={"ETag": '"v1"'}, content_type="text/html")

    page = make_fetcher().get(URL)

    assert page == FetchedPage(
        url=URL,
        status=200,
        content=BODY,
        sha256=hashlib.sha256(BODY).hexdigest(),
        fetched_at=NOW,
        not_modified=False,
        etag='"v1"',
        last_modified=None,
        content_type="text/html",
    )
    assert page.fetched_at.utcoffset() == dt.timedelta(0)


def test_fetcher_sends_polite_user_agent_and_timeout(http_mock):
    http_mock.get(URL, body=BODY)

    make_fetcher(timeout=12.5).get(URL)

    request = http_mock.calls[0].request
    assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "ParVaiPret" in DEFAULT_USER_AGENT
    assert "https://github.com/parvaipret" in DEFAULT_USER_AGENT
    assert request.req_kwargs["timeout"] == 12.5


def test_fetcher_user_agent_is_a_constructor_argument(http_mock):
    http_mock.get(URL, body=BODY)

    make_fetcher(user_agent="ParVaiPret-test/1 (+mailto:test@example.org)").get(URL)

    assert http_mock.calls[0].request.headers["User-Agent"] == (
        "ParVaiPret-test/1 (+mailto:test@example.org)"
    )


def test_fetcher_remembers_validators_and_reports_304_as_unchanged(http_mock):
    http_mock.get(
        URL,
        body=BODY,
        headers={"ETag": '"v1"', "Last-Modified": "Thu, 16 Apr 2026 07:00:00 GMT"},
    )
    http_mock.get(URL, status=304)
    fetcher = make_fetcher()

    first = fetcher.get(URL)
    second = fetcher.get(URL)

    sent = http_mock.calls[1].request.headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Thu, 16 Apr 2026 07:00:00 GMT"
    assert "If-None-Match" not in http_mock.calls[0].request.headers
    assert second.status == 304
    assert second.not_modified is True
    assert second.content == BODY
    assert second.sha256 == first.sha256
    assert second.is_unchanged(None) is True


def test_fetcher_uses_validators_given_by_the_caller(http_mock):
    http_mock.get(URL, status=304)

    page = make_fetcher().get(URL, etag='"from-db"', last_modified="Wed, 15 Apr 2026 10:00:00 GMT")

    assert http_mock.calls[0].request.headers["If-None-Match"] == '"from-db"'
    assert page.not_modified is True
    assert page.content == b""
    assert page.sha256 is None


def test_fetcher_conditional_false_sends_no_validators(http_mock):
    http_mock.get(URL, body=BODY, headers={"ETag": '"v1"'})
    http_mock.get(URL, body=BODY, headers={"ETag": '"v1"'})
    fetcher = make_fetcher()

    fetcher.get(URL)
    fetcher.get(URL, conditional=False)

    assert "If-None-Match" not in http_mock.calls[1].request.headers


def test_fetched_page_is_unchanged_when_checksum_equals_previous(http_mock):
    http_mock.get(URL, body=BODY)

    page = make_fetcher().get(URL)

    assert page.is_unchanged(hashlib.sha256(BODY).hexdigest()) is True
    assert page.is_unchanged(hashlib.sha256(b"older page").hexdigest()) is False
    assert page.is_unchanged(None) is False


def test_fetcher_retries_5xx_with_exponential_backoff(http_mock):
    http_mock.get(URL, status=503)
    http_mock.get(URL, status=502)
    http_mock.get(URL, body=BODY)
    clock = FakeClock()

    page = make_fetcher(clock, backoff=1.5).get(URL)

    assert page.content == BODY
    assert len(http_mock.calls) == 3
    assert clock.sleeps == [1.5, 3.0]


def test_fetcher_retries_connection_errors(http_mock):
    http_mock.get(URL, body=requests.ConnectionError("connection reset"))
    http_mock.get(URL, body=BODY)
    clock = FakeClock()

    page = make_fetcher(clock).get(URL)

    assert page.status == 200
    assert clock.sleeps == [1.0]


def test_fetcher_429_waits_at_least_retry_after(http_mock):
    http_mock.get(URL, status=429, headers={"Retry-After": "7"})
    http_mock.get(URL, body=BODY)
    clock = FakeClock()

    make_fetcher(clock, backoff=1.0).get(URL)

    assert clock.sleeps == [7.0]


def test_fetcher_gives_up_after_bounded_retries_with_fetch_error(http_mock):
    for _ in range(3):
        http_mock.get(URL, status=500)
    clock = FakeClock()

    with pytest.raises(FetchError) as caught:
        make_fetcher(clock, max_retries=2).get(URL)

    assert caught.value.url == URL
    assert caught.value.reason == "HTTP 500 (gave up after 3 attempts)"
    assert len(http_mock.calls) == 3
    assert clock.sleeps == [1.0, 2.0]


def test_fetcher_404_fails_at_once_without_retry(http_mock):
    http_mock.get(URL, status=404)

    with pytest.raises(FetchError, match="HTTP 404"):
        make_fetcher().get(URL)

    assert len(http_mock.calls) == 1


def test_fetcher_unmocked_request_fails(http_mock):
    with pytest.raises(FetchError, match="ConnectionError"):
        make_fetcher(max_retries=0).get("https://data.gov.lv/dati/api/3/action/package_show")


def test_fetcher_waits_the_polite_delay_between_requests(http_mock):
    http_mock.get(URL, body=BODY)
    http_mock.get(URL, body=BODY)
    clock = FakeClock()
    fetcher = make_fetcher(clock, delay=2.0)

    fetcher.get(URL)
    clock.now += 0.5  # parsing took half a second
    fetcher.get(URL, conditional=False)

    assert clock.sleeps == [1.5]


def test_fetcher_save_dir_keeps_every_raw_response(http_mock, tmp_path):
    http_mock.get(URL, body=BODY, content_type="text/html; charset=utf-8")

    make_fetcher(save_dir=tmp_path / "raw").get(URL)

    bodies = sorted((tmp_path / "raw").glob("*.html"))
    metas = sorted((tmp_path / "raw").glob("*.meta.json"))
    assert len(bodies) == 1
    assert len(metas) == 1
    assert bodies[0].read_bytes() == BODY
    assert bodies[0].name.startswith("20260416T073000Z_titania.saeima.lv_LIVS14_SaeimaLIVS2_DK.nsf")
    meta = json.loads(metas[0].read_text(encoding="utf-8"))
    assert meta["url"] == URL
    assert meta["status"] == 200
    assert meta["sha256"] == hashlib.sha256(BODY).hexdigest()
    assert meta["fetched_at"] == "2026-04-16T07:30:00+00:00"
    assert meta["file"] == bodies[0].name


def test_fetcher_rejects_negative_retry_count():
    with pytest.raises(ValueError, match="max_retries"):
        Fetcher(max_retries=-1)
