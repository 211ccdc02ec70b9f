"""Public exports carry aggregates only: no respondent token, share id, id or account anywhere,
and no per-choice totals below the minimum number of answers."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile

from django.core.cache import cache

import pytest

from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS
from parvaipret.insights.services import exports_rebuild
from parvaipret.participation.models import Answer, Respondent
from tests.factories import AnswerFactory, QuestionFactory, RespondentFactory, UserFactory
from tests.insights.conftest import build_fixture_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(settings, tmp_path):
    """A term with votes, one question answered by exactly the minimum number of respondents
    (one of them an account) and one answered by one respondent fewer."""
    settings.DATA_DIR = tmp_path
    build_fixture_term()
    popular = QuestionFactory(text="Vai atbalstāt populāro jautājumu?")
    rare = QuestionFactory(text="Vai atbalstāt reto jautājumu?")
    account = RespondentFactory(user=UserFactory(username="privata-persona", email="p@example.lv"))
    AnswerFactory(respondent=account, question=popular, choice=Answer.Choice.AGAINST)
    AnswerFactory.create_batch(PUBLIC_MIN_ANSWERS - 1, question=popular, choice=Answer.Choice.FOR)
    AnswerFactory.create_batch(PUBLIC_MIN_ANSWERS - 1, question=rare, choice=Answer.Choice.FOR)
    exports_rebuild()
    cache.clear()  # the download throttle's history
    return popular, rare


def _private_strings() -> set[str]:
    values = set()
    for token, share_id in Respondent.objects.values_list("token", "share_id"):
        values |= {str(token), str(share_id), token.hex, share_id.hex}
    return values | {"privata-persona", "p@example.lv"}


def _texts(name: str, payload: bytes) -> list[str]:
    """The readable text of one export file (every member of a zip, a gzip unpacked)."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            return [archive.read(member).decode("utf-8") for member in archive.namelist()]
    if name.endswith(".gz"):
        return [gzip.decompress(payload).decode("utf-8")]
    return [payload.decode("utf-8")]


def test_no_export_file_names_a_respondent(api_client, answered):
    listed = api_client.get("/api/v1/exports/").json()
    private = _private_strings()

    names = [item["name"] for item in listed]
    leaks = []
    for item in listed:
        download = api_client.get(item["url"])
        assert download.status_code == 200
        for text in _texts(item["name"], b"".join(download.streaming_content)):
            leaks += [value for value in private if value in text]
            assert "respondent" not in text.lower()

    assert "questions-answers.csv" in names
    assert leaks == []


def test_questions_export_hides_totals_below_the_minimum(api_client, answered):
    popular, rare = answered
    download = api_client.get("/api/v1/exports/questions-answers.csv")
    rows = {
        int(row["question_id"]): row
        for row in csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode()))
    }

    assert (rows[popular.pk]["answers_for"], rows[popular.pk]["answers_against"]) == (
        str(PUBLIC_MIN_ANSWERS - 1),
        "1",
    )
    assert rows[rare.pk]["answers_for"] == ""
    assert rows[rare.pk]["answers_against"] == ""
    assert rows[rare.pk]["answers_abstain"] == ""


def test_question_results_api_gives_totals_only_and_none_below_the_minimum(api_client, answered):
    popular, rare = answered
    body = api_client.get("/api/v1/question-results/", {"page_size": 100}).content.decode()
    results = {
        item["id"]: item["answers"]
        for item in api_client.get("/api/v1/question-results/").json()["results"]
    }

    assert [value for value in _private_strings() if value in body] == []
    assert "respondent" not in body
    assert results[popular.pk]["shown"] is True
    assert results[popular.pk]["for"] == PUBLIC_MIN_ANSWERS - 1
    assert results[rare.pk] == {
        "total": PUBLIC_MIN_ANSWERS - 1,
        "shown": False,
        "min_answers": PUBLIC_MIN_ANSWERS,
        "for": None,
        "against": None,
        "abstain": None,
    }
