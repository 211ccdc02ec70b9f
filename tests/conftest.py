"""Shared test set-up: fast settings, eager Celery (except where a real broker is the point)."""

import os
import time

from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches

import pytest

from config.celery import app as celery_app


@receiver(setting_changed)
def _language_code_changed(*, setting: str, **kwargs: object) -> None:
    """URL resolvers cache each language's prefix: a test that changes LANGUAGE_CODE must
    not leave later tests with an unprefixed English."""
    if setting == "LANGUAGE_CODE":
        clear_url_caches()


# .ci/run sets REQUIRE_SERVICES=1: there a missing service fails the test instead of skipping it.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    vendor = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    for item in items:
        if item.get_closest_marker("redis") and not broker and not REQUIRE_SERVICES:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL (run by .ci/run)"))
        if item.get_closest_marker("postgres") and vendor != "postgresql" and not REQUIRE_SERVICES:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgres:// (.ci/run)"))


@pytest.fixture(autouse=True)
def _fast_settings(request: pytest.FixtureRequest, settings, tmp_path_factory) -> None:
    # Files a test writes (bulk exports, saved pages) go to a temporary folder, not var/.
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests read the English source strings: our catalogues are left out, so assertions do not
    # depend on the translations. Tests of the translations are marked `translations`.
    if request.node.get_closest_marker("translations") is None:
        settings.LOCALE_PATHS = []
    # Public aggregates follow each answer at once; tests of the refresh interval set their own.
    settings.PUBLIC_ANSWERS_REFRESH_SECONDS = 0
    if request.node.get_closest_marker("redis") is None:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _empty_local_cache() -> None:
    """Each test starts with an empty in-process cache (never a shared Redis: no flushing)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from parvaipret.core.cache import ProcessMemo

    for alias in caches:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()
    ProcessMemo.clear_every()


@pytest.fixture
def rate_window_frozen(monkeypatch):
    """Hold the rate limiter's clock in the middle of a window.

    The limiter counts in fixed clock windows (a minute, an hour, a day); a test that makes
    N + 1 requests across a window boundary would see the count restart. Tests of the limits
    freeze its clock so they say the same thing at any time of day.
    """
    import types

    from parvaipret.core import ratelimit

    frozen = (time.time() // 86400) * 86400 + 43200 + 30  # noon + 30 s, UTC
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: frozen))
    return frozen
