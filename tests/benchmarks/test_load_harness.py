"""The load-test harness: loopback only, exact percentiles, and the accepted-vs-stored check
run against a real server (pytest-django's live server) answering real questions."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from benchmarks.load import loadgen
from benchmarks.load.run import check_answers, discover_ids
from benchmarks.load.scenarios import Mix
from tests.factories import QuestionFactory, QuestionVoteFactory, VoteFactory


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "localhost"])
def test_require_loopback_accepts_this_machine(host):
    loadgen.require_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.10", "172.16.0.1", "8.8.8.8"])
def test_require_loopback_refuses_any_other_address(host):
    with pytest.raises(loadgen.NotLoopbackError, match="loopback only"):
        loadgen.require_loopback(host)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(10, 101, 10)]  # 10 … 100
    assert loadgen.percentile(values, 50) == 50.0
    assert loadgen.percentile(values, 95) == 100.0
    assert loadgen.percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert loadgen.percentile([], 50) != loadgen.percentile([], 50)  # NaN


def test_summarize_counts_ok_and_statuses():
    samples = [
        loadgen.Sample("api: answer", status, latency, 0.0)
        for status, latency in [(201, 0.010), (200, 0.020), (503, 0.002), (429, 0.001)]
    ]
    summary = loadgen.summarize("api: answer", "write", samples, elapsed=2.0)
    assert (summary.count, summary.ok, summary.throughput) == (4, 2, 2.0)
    assert summary.statuses == {200: 1, 201: 1, 429: 1, 503: 1}
    assert summary.p50_ms == 2.0
    assert summary.max_ms == 20.0


@pytest.fixture
def published_questions():
    questions = []
    for _ in range(3):
        question = QuestionFactory()
        QuestionVoteFactory(question=question, vote=VoteFactory())
        questions.append(question)
    return questions


@pytest.mark.slow
def test_load_run_stores_every_accepted_answer_once(live_server, published_questions):
    from django.utils import timezone

    since = timezone.now()
    mix = Mix(discover_ids(), only=["api: answer", "api: results", "api: questions"])
    url = urlsplit(live_server.url)
    result = asyncio.run(
        loadgen.run(
            host=url.hostname,
            port=url.port,
            scenarios=mix.scenarios(),
            users=1,
            duration=2.0,
            max_requests=60,
        )
    )
    statuses = {s.status for s in result.samples}
    assert statuses <= {200, 201}, statuses
    report = check_answers(mix, since)
    assert mix.book.accepted_requests > 3  # more answers than one respondent can give
    assert mix.book.created_respondents >= 2
    assert report.passed, report.line()
    assert (report.lost, report.unexpected) == (0, 0)
    assert report.stored_for_accepted == report.accepted == mix.book.accepted_requests
