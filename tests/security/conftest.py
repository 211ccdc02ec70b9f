"""Abuse tests: every test starts with empty rate-limit counters (they live in the cache)."""

from __future__ import annotations

from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    cache.clear()
    yield
    cache.clear()
