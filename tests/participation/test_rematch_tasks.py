"""Re-matching every respondent in chunks (Celery eager here; tests/integration runs workers)."""

from __future__ import annotations

from django.core.cache import cache

import pytest

from parvaipret.ingest.followups import votes_changed
from parvaipret.parliament.matrices import ballot_matrix_key
from parvaipret.participation import selectors
from parvaipret.participation.models import Answer
from parvaipret.participation.tasks import (
    compact_results,
    rematch_chunks,
    rematch_respondents,
    respondent_result_key,
)
from tests.factories import AnswerFactory, RespondentFactory

CHOICES = [Answer.Choice.FOR, Answer.Choice.AGAINST, Answer.Choice.ABSTAIN]


@pytest.fixture
def respondents(small_term):
    """Seven respondents, each answering the six questions in a different pattern; one without
    answers (never matched)."""
    made = []
    for n in range(7):
        respondent = RespondentFactory()
        for k, question in enumerate(small_term.questions):
            AnswerFactory(respondent=respondent, question=question, choice=CHOICES[(n + k) % 3])
        made.append(respondent)
    RespondentFactory()
    return made


def test_rematch_chunks_split_the_respondents_with_answers(respondents):
    chunks = rematch_chunks(chunk_size=3)

    assert [len(chunk) for chunk in chunks] == [3, 3, 1]
    assert sorted(pk for chunk in chunks for pk in chunk) == sorted(r.pk for r in respondents)


def test_rematch_respondents_stores_each_respondents_ranking(small_term, respondents):
    summary = rematch_respondents.delay(chunk_size=3).get()
    version = ballot_matrix_key(term=small_term.term)

    assert summary["respondents"] == 7
    assert summary["chunks"] == 3
    for respondent in respondents:
        stored = cache.get(respondent_result_key(respondent_id=respondent.pk, matrix_key=version))
        expected = compact_results(
            selectors.respondent_results(respondent=respondent, with_map=False)
        )
        assert stored == expected
        assert stored["answered"] == 6
        assert {row[0] for row in stored["factions"]} == {
            f.pk for f in small_term.factions.values()
        }


def test_an_ingest_that_changed_votes_rematches_after_commit(
    small_term, respondents, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path  # the exports rebuilt alongside go to a scratch folder
    version = ballot_matrix_key(term=small_term.term)
    key = respondent_result_key(respondent_id=respondents[0].pk, matrix_key=version)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        votes_changed(terms=[small_term.term.number])
        assert cache.get(key) is None  # nothing before the commit

    assert len(callbacks) == 4  # exports, dashboards, respondents, pages rendered ahead
    assert cache.get(key)["answered"] == 6
