"""Scraper tests run on saved pages only; HTTP is mocked with `responses`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses


@pytest.fixture
def http_mock() -> Iterator[responses.RequestsMock]:
    """Every request must be registered; an unregistered one fails with ConnectionError."""
    with responses.RequestsMock(
        assert_all_requests_are_fired=True, registry=responses.registries.OrderedRegistry
    ) as mock:
        yield mock
