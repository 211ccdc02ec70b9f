"""Data versions: cheap summaries of tables that change whenever their rows change.

Cached pages and figures are keyed on a version of the data they show, so a change is seen at
once and nothing is ever invalidated by hand. The apps' version functions
(``parliament.matrices.votes_fingerprint``, ``parliament.selectors.names_version``,
``participation.selectors.question_list_version`` and ``answers_version``,
``dialogue.selectors.dialogue_version``, ``insights.selectors.data_version``) read their
aggregates with :func:`table_stamps`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import TypeVar

from django.db import connection
from django.db.models import Model


def digest(*parts: object) -> str:
    """A short stable hash of ``parts`` (their ``repr``), for cache keys made of versions."""
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def table_stamps(columns: Sequence[tuple[str, type[Model]]]) -> list[str]:
    """Each aggregate over its model's whole table, as text, in one query.

    ``columns`` pairs an SQL aggregate of the project's own choosing (``"COUNT(*)"``,
    ``"MAX(updated_at)"``, ``"MAX(id)"``) with a model, e.g.
    ``table_stamps([("COUNT(*)", Answer), ("MAX(updated_at)", Answer)])``.
    """
    # The aggregates are constants in the callers and the table names come from the models:
    # nothing from outside goes into the statement.
    parts = [f"(SELECT {aggregate} FROM {model._meta.db_table})" for aggregate, model in columns]  # noqa: S608
    sql = "SELECT " + ", ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [str(value) for value in cursor.fetchone()]


_memo: ContextVar[dict[tuple, str] | None] = ContextVar("parvaipret_versions", default=None)

F = TypeVar("F", bound=Callable[..., str])


def read_once_per_request(func: F) -> F:
    """Within one GET or HEAD request (``core.middleware.VersionMemoMiddleware``), read this version once.

    A page asks for the same version for several fragments (the names for the ballots and for
    the responses beside them, say). Outside such a request, in tasks and in a POST that writes
    before it renders, every call reads afresh.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> str:
        memo = _memo.get()
        if memo is None:
            return func(*args, **kwargs)
        key = (func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = func(*args, **kwargs)
        return memo[key]

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def versions_read_once() -> Iterator[None]:
    """Inside this block, each ``read_once_per_request`` version is read once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)
