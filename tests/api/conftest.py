"""The API tests use the dashboards' hand-computed fixture term (tests/insights/conftest.py)."""

from __future__ import annotations

from django.core.cache import cache

import pytest

from parvaipret.parliament.matrices import ballot_matrix_clear_memo
from tests.insights.conftest import FixtureTerm, build_fixture_term


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Also resets the throttles' request history, which lives in the cache."""
    cache.clear()
    ballot_matrix_clear_memo()
    yield
    cache.clear()
    ballot_matrix_clear_memo()


@pytest.fixture
def fixture_term(db) -> FixtureTerm:
    return build_fixture_term()
