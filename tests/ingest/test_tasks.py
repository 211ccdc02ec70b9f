"""The Celery tasks are thin, scheduled on Thursday night / Friday morning, and retry fetches."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.schedules import crontab

from config.celery import app
from parvaipret.ingest import fetching
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.tasks import deputies_sync, votes_sync
from parvaipret.parliament.models import Deputy
from scrapers.errors import FetchError
from scrapers.saeima.urls import deputies_url
from tests.ingest.conftest import DEPWEB_LIST, SavedPages


def test_beat_pulls_votes_on_thursday_night_and_friday_morning():
    schedule = app.conf.beat_schedule
    thursday = schedule["ingest.votes_sync.thursday-night"]
    friday = schedule["ingest.votes_sync.friday-morning"]

    assert thursday["task"] == friday["task"] == "ingest.votes_sync"
    assert thursday["schedule"] == crontab(minute=30, hour=23, day_of_week="thu")
    assert friday["schedule"] == crontab(minute=0, hour=7, day_of_week="fri")
    assert friday["kwargs"] == {"source": "both"}
    assert schedule["ingest.deputies_sync"]["task"] == "ingest.deputies_sync"
    for entry in ("ingest.votes_sync", "ingest.deputies_sync"):
        assert entry in app.tasks


def test_tasks_retry_on_fetch_errors_only():
    for task in (votes_sync, deputies_sync):
        assert task.autoretry_for == (FetchError,)
        assert task.max_retries == 3


@pytest.mark.django_db
def test_deputies_sync_task_runs_the_pipeline_and_returns_counts(monkeypatch):
    pages = SavedPages({deputies_url(14): DEPWEB_LIST.read_bytes()})
    monkeypatch.setattr(fetching, "default_fetcher", lambda **kwargs: pages)

    result = deputies_sync.delay(14).get()

    assert result["status"] == "ok"
    assert result["inserted"] == 1 + 6 + 100 + 100  # term, factions, deputies, memberships
    assert Deputy.objects.count() == 100


@pytest.mark.django_db
def test_votes_sync_task_gives_up_after_three_retries_when_titania_is_down(monkeypatch):
    pages = SavedPages({})  # every URL answers 404
    monkeypatch.setattr(fetching, "default_fetcher", lambda **kwargs: pages)
    # Eager retries re-run the task in place; let them finish instead of raising `Retry`.
    app.conf.task_eager_propagates = False
    try:
        result = votes_sync.apply(
            args=(14,), kwargs={"since": dt.date(2026, 4, 16).isoformat()}, throw=False
        )
    finally:
        app.conf.task_eager_propagates = True

    assert result.state == "FAILURE"
    assert "calendar=1: HTTP 404" in str(result.result)
    assert len(pages.requested) == 4  # the calendar, then 3 retries
    assert set(ScrapeRun.objects.values_list("status", flat=True)) == {"failed"}
