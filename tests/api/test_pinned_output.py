"""The exact bytes of two busy API reads on the bundled sample: ``/api/v1/results/`` for several
respondents and ``/api/v1/deputies/`` with and without filters.

The expected bodies in ``pinned/`` were written by the code that serialized these reads with
nested DRF serializers; a faster renderer or cache must give the same keys, order and values.
Database ids depend on the order the tests run in, so the files name each faction and deputy
(``"id":"@deputy:Maija Armaņeva"``) and the test puts the ids of this database in their place.

``PINNED_UPDATE=1 pytest tests/api/test_pinned_output.py`` rewrites the files (only after a
deliberate change of the output).
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from pathlib import Path

from django.core.management import call_command

import pytest
from rest_framework.test import APIClient

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.parliament.matrices import ballot_matrix_clear_memo
from parvaipret.parliament.models import Deputy, Faction
from parvaipret.participation.models import Question
from parvaipret.participation.selectors import term_matching_clear

pytestmark = pytest.mark.django_db

PINNED = Path(__file__).parent / "pinned"
UPDATE = os.environ.get("PINNED_UPDATE") == "1"
CHOICES = ("for", "against", "abstain")
PLACEHOLDER = re.compile(r'"@(faction|deputy):([^"]+)"')
DEPUTY_LISTS = {
    "deputies": "/api/v1/deputies/",
    "deputies-all": "/api/v1/deputies/?limit=500",
    "deputies-offset": "/api/v1/deputies/?offset=100",
    "deputies-search": "/api/v1/deputies/?search=ber",
    "deputies-term": "/api/v1/deputies/?term=14&limit=10",
}


def _answer_plans(questions: list[int]) -> list[list[tuple[int, str, int]]]:
    """Five respondents: every question, the first three, one, all "against", and a mix."""
    return [
        [(q, CHOICES[k % 3], 1 + k % 3) for k, q in enumerate(questions)],
        [(q, "for", 2) for q in questions[:3]],
        [(questions[-1], "against", 3)],
        [(q, "against", 1) for q in questions[1:6]],
        [(q, CHOICES[(k + 1) % 3], 3 - k % 3) for k, q in enumerate(questions) if k % 2 == 0],
    ]


@pytest.fixture
def sample(db) -> list[str]:
    """The bundled sitting with its sample questions, and five respondents' tokens."""
    term_matching_clear()
    ballot_matrix_clear_memo()
    dump_import(path=BUNDLED_SAMPLE)
    call_command("load_sample_questions", stdout=io.StringIO())
    questions = list(
        Question.objects.filter(published_at__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
    )
    tokens = []
    for plan in _answer_plans(questions):
        answers = [{"question": q, "choice": c, "importance": i} for q, c, i in plan]
        response = APIClient().post("/api/v1/answers/", {"answers": answers}, format="json")
        assert response.status_code == 201, response.content
        tokens.append(response.json()["token"])
    yield tokens
    term_matching_clear()


def _ids() -> dict[str, dict[str, int]]:
    deputies = {
        f"{first} {last}": pk
        for pk, first, last in Deputy.objects.values_list("pk", "first_name", "last_name")
    }
    factions = dict(Faction.objects.values_list("short_name", "pk"))
    assert len(deputies) == Deputy.objects.count(), "deputies' names must name them uniquely"
    return {"deputy": deputies, "faction": factions}


def _named(body: str, kind_after: list[tuple[str, str]]) -> str:
    """``body`` with each ``"id":N`` replaced by a placeholder naming the record.

    ``kind_after``: (marker, kind) in order; ids after a marker belong to that kind.
    """
    names = {kind: {pk: name for name, pk in ids.items()} for kind, ids in _ids().items()}
    parts = []
    rest = body
    for marker, kind in reversed(kind_after):
        head, found, tail = rest.rpartition(marker)
        assert found, marker
        named = names[kind]
        ids = re.sub(r'"id":(\d+)', lambda m, k=kind, n=named: f'"id":"@{k}:{n[int(m[1])]}"', tail)
        parts.append(found + ids)
        rest = head
    return rest + "".join(reversed(parts))


def _expected(name: str, body: str, kind_after: list[tuple[str, str]]) -> str:
    path = PINNED / f"{name}.json"
    if UPDATE:
        PINNED.mkdir(exist_ok=True)
        path.write_text(_named(body, kind_after), encoding="utf-8")
    ids = _ids()
    return PLACEHOLDER.sub(lambda m: str(ids[m[1]][m[2]]), path.read_text(encoding="utf-8"))


def _split_citizen_point(body: str) -> tuple[str, list[float] | None]:
    """The body up to the citizen's point (compared byte for byte), and the point itself.

    The point comes out of a least-squares fit whose sums can differ in the last bits from one
    run to the next (numpy's pairwise sums depend on memory alignment), so it is compared to
    within 1e-9; everything else, and the point's place and shape, is pinned exactly.
    """
    head, found, tail = body.rpartition(',"citizen_point":')
    assert found, body[-80:]
    assert tail.endswith("}"), body[-80:]
    return head + found, json.loads(tail[:-1])


def test_results_bytes_are_pinned(sample):
    client = APIClient()
    for (number, token), view in itertools.product(enumerate(sample), ["stated", "effective"]):
        response = client.get(
            f"/api/v1/results/?view={view}",
            HTTP_ACCEPT="application/json",
            HTTP_X_RESPONDENT_TOKEN=token,
        )
        assert response.status_code == 200
        body = response.content.decode()
        kinds = [('"factions":[', "faction"), ('"deputies":[', "deputy")]
        expected = _expected(f"results-{number}-{view}", body, kinds)
        head, point = _split_citizen_point(body)
        expected_head, expected_point = _split_citizen_point(expected)
        assert head == expected_head, (number, view)
        if expected_point is None:
            assert point is None, (number, view)
        else:
            assert point == pytest.approx(expected_point, rel=1e-9, abs=1e-12), (number, view)


def test_deputy_list_bytes_are_pinned(sample):
    client = APIClient()
    # Twice each: the second read may come from a cache.
    for name, attempt in itertools.product(DEPUTY_LISTS, ("first", "again")):
        response = client.get(DEPUTY_LISTS[name], HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        body = response.content.decode()
        assert body == _expected(name, body, [('"results":[', "deputy")]), (name, attempt)
