"""One row created or brought up to given values, with the outcome reported.

The shared rule of the project's upserts (see `parliament.services`): a value the source does
not give (None or "") never erases a stored one, and provenance (`source_url`, `fetched_at`,
`checksum`) is written on insert and with every real change but never compared, so a second
identical import is a "noop".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from django.db import models

Outcome = Literal["insert", "update", "noop"]
M = TypeVar("M", bound=models.Model)


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def row_upsert(
    *,
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    provenance: Mapping[str, Any] | None = None,
    clean_exclude: Iterable[str] = (),
) -> tuple[M, Outcome]:
    """The row of `model` found by `lookup`, created or updated to `values` (see above).

    Call it inside a transaction; `full_clean` runs before every save (relations passed as
    instances go in `clean_exclude` to spare a query each).
    """
    provenance = provenance or {}
    instance = model._default_manager.filter(**lookup).first()
    exclude = list(clean_exclude)
    if instance is None:
        instance = model(**lookup, **values, **provenance)
        instance.full_clean(exclude=exclude)
        instance.save()
        return instance, "insert"
    changes = {
        name: value
        for name, value in values.items()
        if not _is_empty(value) and getattr(instance, name) != value
    }
    if not changes:
        return instance, "noop"
    for name, value in {**changes, **provenance}.items():
        if name in changes or not _is_empty(value):
            setattr(instance, name, value)
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance, "update"
