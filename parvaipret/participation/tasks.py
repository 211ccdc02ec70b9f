"""Re-matching every stored respondent after an ingest, split into chunks for many workers.

``participation.rematch_respondents`` lists the respondents with answers and fans out one
``participation.rematch_chunk`` per ``REMATCH_CHUNK_SIZE`` ids as a Celery ``group``: each worker
process takes chunks off the queue, so more processes (on more machines) finish sooner. A chunk
computes each respondent's ranking with the matching engine (``selectors.respondent_results``,
without the map) and stores a compact copy in the Django cache, keyed by the respondent and the
term's ballot-matrix version, so a stale copy is never read after the votes change.
"""

from __future__ import annotations

from typing import Final

from django.core.cache import cache

from celery import group, shared_task

from parvaipret.parliament.matrices import ballot_matrix_key
from parvaipret.participation import selectors
from parvaipret.participation.models import Respondent

REMATCH_CHUNK_SIZE: Final = 500
RESULT_TIMEOUT: Final = 14 * 24 * 3600  # seconds; the next ingest writes a new version anyway


def respondent_result_key(*, respondent_id: int, matrix_key: str) -> str:
    return f"participation:result:{matrix_key}:{respondent_id}"


def compact_results(results: selectors.RespondentResults) -> dict:
    """What a results list needs: per faction and deputy (id, stated, effective, overlap)."""
    return {
        "term": results.term.number if results.term is not None else None,
        "answered": results.answered,
        "scored": results.scored,
        "factions": [[t.id, t.stated, t.effective, t.overlap] for t in results.factions],
        "deputies": [[t.id, t.stated, t.effective, t.overlap] for t in results.deputies],
    }


@shared_task(name="participation.rematch_chunk")
def rematch_chunk(respondent_ids: list[int]) -> int:
    """Match and store the results of these respondents; returns how many were stored."""
    stored = 0
    for respondent in Respondent.objects.filter(pk__in=respondent_ids).order_by("pk"):
        results = selectors.respondent_results(respondent=respondent, with_map=False, detail=False)
        if results.term is None:
            continue
        key = respondent_result_key(
            respondent_id=respondent.pk, matrix_key=ballot_matrix_key(term=results.term)
        )
        cache.set(key, compact_results(results), timeout=RESULT_TIMEOUT)
        stored += 1
    return stored


def rematch_chunks(*, chunk_size: int = REMATCH_CHUNK_SIZE) -> list[list[int]]:
    """The ids of every respondent with answers, in chunks of ``chunk_size``."""
    ids = list(
        Respondent.objects.filter(answers__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [ids[start : start + chunk_size] for start in range(0, len(ids), chunk_size)]


@shared_task(name="participation.rematch_respondents")
def rematch_respondents(*, chunk_size: int = REMATCH_CHUNK_SIZE, queue: str | None = None) -> dict:
    """Fan the chunks out as a group (on ``queue`` if given); returns counts and the group id."""
    chunks = rematch_chunks(chunk_size=chunk_size)
    options = {"queue": queue} if queue else {}
    fanned = group(rematch_chunk.s(chunk) for chunk in chunks).apply_async(**options)
    if not rematch_respondents.app.conf.task_always_eager:
        fanned.save()  # so a caller can wait for every chunk: GroupResult.restore(group_id)
    return {
        "respondents": sum(len(chunk) for chunk in chunks),
        "chunks": len(chunks),
        "group_id": fanned.id,
    }
