"""Whole lists serialized once per data version and paged from the cache."""

from __future__ import annotations

from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from parvaipret.core.cache import cached

LIST_CACHE_TIMEOUT = 7 * 24 * 3600


def cached_list_response(view: GenericAPIView, key: str) -> Response:
    """The view's whole queryset, serialized once per ``key`` (which must hold the version of
    everything the rows show) and paged from the cache like the database's rows would be."""
    rows = cached(
        key,
        lambda: list(view.get_serializer(view.get_queryset(), many=True).data),
        LIST_CACHE_TIMEOUT,
    )
    page = view.paginate_queryset(rows)
    return view.get_paginated_response(page) if page is not None else Response(rows)
