"""Rate limits of the API, read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on each request.

DRF's throttles copy the rates into a class attribute when first imported, so a changed setting
(a test's ``settings`` fixture, say) would otherwise be ignored; these read the current value.
Scopes: ``anon`` (per client IP), ``user`` (per account), ``exports`` (bulk file downloads).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class _CurrentRates:
    scope: str | None

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    """Anonymous clients, per IP address."""


class UserThrottle(_CurrentRates, UserRateThrottle):
    """Signed-in clients, per account.

    DRF's ``UserRateThrottle`` also counts anonymous clients, by IP address, which
    ``AnonThrottle`` already does: two request histories read and written in the cache on every
    anonymous API request for one limit. Here anonymous requests are left to ``AnonThrottle``.
    """

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class ScopedThrottle(_CurrentRates, ScopedRateThrottle):
    """Per view ``throttle_scope`` (e.g. ``exports``), per account or IP address."""
