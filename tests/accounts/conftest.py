from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Sign-up is rate-limited per IP through the cache; each test starts with no counts."""
    cache.clear()
    yield
    cache.clear()
