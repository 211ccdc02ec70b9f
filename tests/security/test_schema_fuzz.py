"""The OpenAPI schema fuzzed with schemathesis in-process (the Django WSGI app): no 5xx.

Every operation of ``/api/schema/`` gets a few generated requests (valid and invalid bodies,
parameters and headers) against a small loaded term. 4xx answers are fine (that is rejecting
bad input); a 5xx is a bug. The rate limits and throttles answer 429, never 5xx, so they need
not be raised for this check; their counters are cleared per operation so that most requests
reach the views.

Derandomized so that CI is reproducible. Random runs found one 5xx, kept below as a regression
test: an id filter with a number beyond 64 bits reached the database (``OverflowError`` on
SQLite). Run with ``--hypothesis-seed=random`` to explore further.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.insights.conftest import build_fixture_term

EXAMPLES_PER_OPERATION = 8

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def loaded_term(db):
    """The fixture term, with the WSGI app kept on the test's connection.

    A raw WSGI handler (unlike Django's test client) closes the database connection when each
    request finishes; inside the test's transaction on PostgreSQL that leaves it closed.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    yield build_fixture_term()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI is reproducible (see the module note)
    suppress_health_check=list(HealthCheck),
)
def test_api_operation_never_answers_a_server_error(case, loaded_term):
    case.call_and_validate(checks=[not_a_server_error])


@pytest.mark.django_db
def test_votes_filter_with_an_id_beyond_64_bits_is_a_client_error(api_client):
    """Found by schemathesis: ``deputy=-11077150022181873664`` gave 500 instead of 400."""
    answered = api_client.get("/api/v1/votes/", {"deputy": "-11077150022181873664"})

    assert answered.status_code == 400
