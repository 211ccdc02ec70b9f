import datetime as dt

from django.utils import timezone

import numpy as np
import pytest
from rest_framework.renderers import JSONRenderer

from matching import CitizenPoint
from parvaipret.parliament import services as parliament_services
from parvaipret.parliament.matrices import ballot_matrix_clear_memo
from parvaipret.participation import selectors
from parvaipret.participation.apis import NO_RESPONDENT_MESSAGE, RESPONDENT_HEADER
from parvaipret.participation.models import Answer, Respondent
from parvaipret.participation.serializers import (
    RespondentResultsSerializer,
    respondent_results_data,
)
from parvaipret.participation.services import (
    MALFORMED_RESPONDENT_MESSAGE,
    UNKNOWN_QUESTION_MESSAGE,
    UNKNOWN_RESPONDENT_MESSAGE,
    UNPUBLISHED_QUESTION_MESSAGE,
)
from parvaipret.participation.views import COOKIE_NAME
from tests.factories import QuestionFactory, QuestionVoteFactory, RespondentFactory

pytestmark = pytest.mark.django_db

QUESTIONS = "/api/v1/questions/"
ANSWERS = "/api/v1/answers/"
RESULTS = "/api/v1/results/"


def _post(api_client, answers, token=None):
    headers = {"Accept-Language": "en", **({RESPONDENT_HEADER: str(token)} if token else {})}
    return api_client.post(ANSWERS, {"answers": answers}, format="json", headers=headers)


def test_question_list_gives_published_questions_with_their_votes(api_client, small_term):
    QuestionFactory(published_at=None)
    response = api_client.get(QUESTIONS)
    assert response.status_code == 200
    assert response.data["count"] == 6
    first = response.data["results"][0]
    assert first["id"] == small_term.questions[5].pk  # newest vote first
    assert first["text"] == "Jautājums 6?"
    vote = small_term.votes[5]
    assert first["votes"] == [
        {
            "vote": vote.pk,
            "polarity": -1,
            "motive": vote.motive,
            "timestamp": first["votes"][0]["timestamp"],
            "for_count": 0,
            "against_count": 0,
            "abstain_count": 0,
            "outcome": "",
        }
    ]
    assert response["Content-Language"] == "lv"


def test_question_list_speaks_the_asked_language(api_client, small_term):
    by_parameter = api_client.get(QUESTIONS, {"lang": "en"})
    assert by_parameter.data["results"][0]["text"] == "Question 6?"
    assert by_parameter["Content-Language"] == "en"
    by_header = api_client.get(QUESTIONS, headers={"Accept-Language": "en"})
    assert by_header.data["results"][0]["text"] == "Question 6?"
    # No Russian wording yet: Latvian, the source language, stands in.
    russian = api_client.get(QUESTIONS, {"lang": "ru"})
    assert russian.data["results"][0]["text"] == "Jautājums 6?"


def test_answer_submit_creates_a_respondent_and_returns_its_token(api_client, small_term):
    q1, q2 = small_term.questions[:2]
    response = _post(
        api_client,
        [
            {"question": q1.pk, "choice": "for", "importance": 3},
            {"question": q2.pk, "choice": "abstain"},
        ],
    )
    assert response.status_code == 201
    respondent = Respondent.objects.get()
    assert response.data["token"] == str(respondent.token)
    assert response[RESPONDENT_HEADER] == str(respondent.token)
    assert response.data["created"] is True
    assert [(a["question"], a["choice"], a["importance"]) for a in response.data["answers"]] == [
        (q1.pk, "for", 3),
        (q2.pk, "abstain", 2),
    ]


def test_answer_submit_with_the_token_replaces_and_skips(api_client, small_term):
    q1, q2 = small_term.questions[:2]
    token = _post(
        api_client, [{"question": q1.pk, "choice": "for"}, {"question": q2.pk, "choice": "for"}]
    ).data["token"]
    response = _post(
        api_client,
        [
            {"question": q1.pk, "choice": "against", "importance": 1},
            {"question": q2.pk, "choice": "skip"},
        ],
        token=token,
    )
    assert response.status_code == 200
    assert response.data["created"] is False
    assert Respondent.objects.count() == 1
    assert list(Answer.objects.values_list("question_id", "choice", "importance")) == [
        (q1.pk, "against", 1)
    ]


def test_answer_submit_accepts_the_site_cookie(api_client, citizen, small_term):
    api_client.cookies[COOKIE_NAME] = str(citizen.token)
    response = _post(api_client, [{"question": small_term.questions[0].pk, "choice": "against"}])
    assert response.status_code == 200
    assert response.data["token"] == str(citizen.token)


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"choice": "maybe"}, "choice", '"maybe" is not a valid choice.'),
        ({"importance": 4}, "importance", "Ensure this value is less than or equal to 3."),
        ({"importance": 0}, "importance", "Ensure this value is greater than or equal to 1."),
        ({"question": "one"}, "question", "A valid integer is required."),
    ],
)
def test_answer_submit_rejects_invalid_fields(api_client, small_term, item, field, message):
    answer = {"question": small_term.questions[0].pk, "choice": "for", **item}
    response = _post(api_client, [answer])
    assert response.status_code == 400
    assert response.data["answers"][0][field] == [message]
    assert not Respondent.objects.exists()


def test_answer_submit_explains_errors_in_latvian_by_default(api_client, small_term):
    answer = {"question": small_term.questions[0].pk, "choice": "for", "importance": 9}
    response = api_client.post(ANSWERS, {"answers": [answer]}, format="json")
    assert response.status_code == 400
    assert response["Content-Language"] == "lv"
    assert response.data["answers"][0]["importance"] == [
        "Pārliecinies, ka šī vērtība ir mazāka vai vienāda ar 3."
    ]


def test_answer_submit_rejects_an_unknown_question(api_client, small_term):
    response = _post(api_client, [{"question": 987654, "choice": "for"}])
    assert response.status_code == 400
    assert response.data == {
        "detail": UNKNOWN_QUESTION_MESSAGE.format(question=987654),
        "question": 987654,
    }
    assert not Respondent.objects.exists()


def test_answer_submit_rejects_an_unpublished_question(api_client, small_term):
    draft = QuestionVoteFactory(question__published_at=None).question
    response = _post(
        api_client,
        [
            {"question": small_term.questions[0].pk, "choice": "for"},
            {"question": draft.pk, "choice": "for"},
        ],
    )
    assert response.status_code == 400
    assert response.data["detail"] == UNPUBLISHED_QUESTION_MESSAGE.format(question=draft.pk)
    assert not Answer.objects.exists()
    assert not Respondent.objects.exists()


def test_answer_submit_rejects_an_empty_list_and_bad_tokens(api_client, small_term):
    assert _post(api_client, []).status_code == 400
    answer = [{"question": small_term.questions[0].pk, "choice": "for"}]
    unknown = _post(api_client, answer, token="00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 400
    assert unknown.data == {"detail": UNKNOWN_RESPONDENT_MESSAGE}
    malformed = _post(api_client, answer, token="abc")
    assert malformed.data == {"detail": MALFORMED_RESPONDENT_MESSAGE}
    assert not Respondent.objects.exists()


def test_results_for_a_token_match_the_worked_example(api_client, citizen):
    response = api_client.get(RESULTS, headers={RESPONDENT_HEADER: str(citizen.token)})
    assert response.status_code == 200
    data = response.data
    assert (data["term"], data["view"], data["min_overlap"], data["answered"]) == (
        14,
        "stated",
        5,
        6,
    )
    assert [
        (f["label"], f["stated"], f["effective"], f["coverage"], f["overlap"])
        for f in data["factions"]
    ] == [("A", 75.0, 66.7, 100.0, 6), ("B", 10.0, 20.0, 83.3, 5)]
    assert [d["stated"] for d in data["deputies"]] == [83.3, 81.8, 75.0, 25.0, 9.1]
    assert data["deputies"][0]["faction"] == "A"
    assert len(data["citizen_point"]) == 2
    effective = api_client.get(
        RESULTS, {"view": "effective"}, headers={RESPONDENT_HEADER: str(citizen.token)}
    )
    assert [d["effective"] for d in effective.data["deputies"]] == [83.3, 66.7, 63.6, 33.3, 18.2]


def test_results_need_a_respondent(api_client, db):
    response = api_client.get(RESULTS)
    assert response.status_code == 400
    assert response.data == {"detail": NO_RESPONDENT_MESSAGE}


def _by_id(response) -> dict[int, dict]:
    assert response.status_code == 200
    return {row["id"]: row for row in response.data["results"]}


def test_question_list_shows_changes_right_after_they_are_saved(api_client, small_term):
    from parvaipret.participation.services import question_unpublish, question_upsert_for_vote

    question, vote = small_term.questions[5], small_term.votes[5]
    assert _by_id(api_client.get(QUESTIONS))[question.pk]["votes"][0]["polarity"] == -1

    question_upsert_for_vote(vote=vote, wording={"text": "Jauns teksts?"}, polarity=1)
    row = _by_id(api_client.get(QUESTIONS))[question.pk]
    assert (row["text"], row["votes"][0]["polarity"]) == ("Jauns teksts?", 1)

    vote.motive = "Pārbalsots motīvs"
    vote.for_count = 3
    vote.save()  # an ingest's update bumps updated_at the same way
    row = _by_id(api_client.get(QUESTIONS))[question.pk]
    assert (row["votes"][0]["motive"], row["votes"][0]["for_count"]) == ("Pārbalsots motīvs", 3)

    question_unpublish(question=question)
    assert question.pk not in _by_id(api_client.get(QUESTIONS))


def test_question_list_is_kept_per_language(api_client, small_term):
    question = small_term.questions[0]
    latvian = _by_id(api_client.get(QUESTIONS))[question.pk]
    english = _by_id(api_client.get(QUESTIONS, {"lang": "en"}))[question.pk]

    assert (latvian["text"], english["text"]) == ("Jautājums 1?", "Question 1?")
    assert _by_id(api_client.get(QUESTIONS))[question.pk]["text"] == "Jautājums 1?"


# --- the cost and the bookkeeping of one submission ---------------------------------------------


def _stored(respondent: Respondent) -> list[dict]:
    """The respondent's answers as the database has them, in the response's shape."""
    from parvaipret.participation.serializers import AnswerOutputSerializer

    rows = Answer.objects.filter(respondent=respondent).order_by("question_id")
    return list(AnswerOutputSerializer(rows, many=True).data)


def test_answer_submit_is_a_handful_of_queries_and_one_transaction(
    api_client, small_term, django_assert_max_num_queries
):
    """A new respondent: the questions, the respondent, the answer. A known one: the token, the
    questions, its answers, the answer. Never a savepoint per answer (the test's own transaction
    turns the request's one into a single savepoint)."""
    q1, q2, q3 = small_term.questions[:3]
    with django_assert_max_num_queries(5) as created:
        token = _post(api_client, [{"question": q1.pk, "choice": "for"}]).data["token"]
    with django_assert_max_num_queries(6) as known:
        response = _post(
            api_client,
            [{"question": q2.pk, "choice": "against"}, {"question": q3.pk, "choice": "for"}],
            token=token,
        )
    assert response.status_code == 200
    for captured in (created, known):
        statements = [query["sql"].split()[0].upper() for query in captured.captured_queries]
        assert statements.count("SAVEPOINT") <= 1
        assert statements.count("INSERT") <= 2  # the respondent, then every answer at once


def test_answer_submit_returns_the_answers_as_stored(api_client, small_term):
    """The returned answers are built in memory from one read and the upsert: they must be what
    the database holds, dates included, for a new and for a known respondent."""
    q1, q2, q3 = small_term.questions[:3]
    first = _post(api_client, [{"question": q2.pk, "choice": "for", "importance": 3}])
    respondent = Respondent.objects.get()
    assert first.data["answers"] == _stored(respondent)
    second = _post(
        api_client,
        [
            {"question": q3.pk, "choice": "abstain"},
            {"question": q2.pk, "choice": "against", "importance": 1},
            {"question": q1.pk, "choice": "for"},
        ],
        token=respondent.token,
    )
    assert second.data["answers"] == _stored(respondent)
    assert [a["question"] for a in second.data["answers"]] == [q1.pk, q2.pk, q3.pk]


def test_answer_submit_again_updates_the_one_row(api_client, small_term):
    question = small_term.questions[0]
    token = _post(api_client, [{"question": question.pk, "choice": "for"}]).data["token"]
    first = Answer.objects.get()
    Answer.objects.filter(pk=first.pk).update(updated_at=first.updated_at - dt.timedelta(days=1))

    response = _post(
        api_client, [{"question": question.pk, "choice": "against", "importance": 3}], token=token
    )

    assert response.status_code == 200
    answer = Answer.objects.get()
    assert (answer.pk, answer.choice, answer.importance) == (first.pk, "against", 3)
    assert answer.created_at == first.created_at
    assert answer.updated_at > first.updated_at


def test_answer_submit_leaves_an_unchanged_answer_as_it_was(api_client, small_term):
    """Its date decides which answer wins when an anonymous respondent joins an account."""
    q1, q2 = small_term.questions[:2]
    token = _post(api_client, [{"question": q1.pk, "choice": "for", "importance": 2}]).data["token"]
    old = timezone.now() - dt.timedelta(days=3)
    Answer.objects.update(updated_at=old)

    response = _post(
        api_client,
        [
            {"question": q1.pk, "choice": "for", "importance": 2},
            {"question": q2.pk, "choice": "for"},
        ],
        token=token,
    )

    assert Answer.objects.get(question=q1).updated_at == old
    assert response.data["answers"] == _stored(Respondent.objects.get())


def _rendered(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize("view", ["stated", "effective"])
def test_results_data_is_what_the_results_serializer_gives(citizen, small_term, view):
    """The results are rendered from plain dicts; the serializer (the schema) says the same."""
    few = RespondentFactory()
    Answer.objects.create(respondent=few, question=small_term.questions[0], choice="for")
    for respondent in (citizen, few, RespondentFactory()):
        results = selectors.respondent_results(respondent=respondent, view=view, detail=False)
        expected = _rendered(RespondentResultsSerializer(results).data)
        assert _rendered(respondent_results_data(results)) == expected


def test_results_data_without_a_term_or_a_citizen_point():
    nowhere = CitizenPoint(coords=np.array([np.nan, 0.5]), columns_used=0, samples=np.empty((0, 2)))
    for citizen in (None, nowhere):
        results = selectors.RespondentResults(
            term=None,
            view="stated",
            min_overlap=5,
            answered=0,
            scored=0,
            factions=[],
            deputies=[],
            citizen=citizen,
        )
        data = respondent_results_data(results)
        assert (data["term"], data["citizen_point"]) == (None, None)
        assert _rendered(data) == _rendered(RespondentResultsSerializer(results).data)


def _results(api_client, respondent, **params) -> dict:
    response = api_client.get(RESULTS, params, headers={RESPONDENT_HEADER: str(respondent.token)})
    assert response.status_code == 200
    return response.json()


def test_results_show_renamed_factions_and_deputies_at_once(api_client, citizen, small_term):
    before = _results(api_client, citizen)
    deputy = small_term.deputies["a1"]
    assert "Frakcija A" in {f["name"] for f in before["factions"]}

    parliament_services.faction_upsert(
        term=small_term.term, short_name="A", name="Frakcija Jaunā A"
    )
    parliament_services.deputy_upsert(
        term=small_term.term,
        first_name="Pārdēvētais",
        last_name=deputy.last_name,
        external_id=deputy.external_id,
    )

    after = _results(api_client, citizen)
    assert {f["name"] for f in after["factions"]} == {"Frakcija Jaunā A", "Frakcija B"}
    renamed = next(d for d in after["deputies"] if d["id"] == deputy.pk)
    assert renamed["name"] == renamed["label"] == f"Pārdēvētais {deputy.last_name}"
    assert [d["stated"] for d in after["deputies"]] == [d["stated"] for d in before["deputies"]]


def test_results_carry_a_faction_recoloured_at_once(citizen, small_term):
    """The colour is not in the API's output, but the results page shows it: the labels built
    once per term are rebuilt when a colour changes."""

    def colours() -> set[str | None]:
        results = selectors.respondent_results(respondent=citizen, detail=False)
        return {d.colour for d in results.deputies}

    assert colours() == {"#aa0000", "#0000aa"}
    parliament_services.faction_upsert(term=small_term.term, short_name="B", colour="#123456")
    assert colours() == {"#aa0000", "#123456"}


def test_results_follow_each_new_answer_and_stay_per_respondent(api_client, small_term):
    first = _post(api_client, [{"question": small_term.questions[0].pk, "choice": "for"}])
    second = _post(api_client, [{"question": small_term.questions[0].pk, "choice": "against"}])
    one, other = (Respondent.objects.get(token=r.json()["token"]) for r in (first, second))
    assert _results(api_client, one)["answered"] == 1

    _post(api_client, [{"question": small_term.questions[1].pk, "choice": "for"}], one.token)

    mine, theirs = _results(api_client, one), _results(api_client, other)
    assert (mine["answered"], theirs["answered"]) == (2, 1)
    b1 = small_term.deputies["b1"].pk  # always against the "for" answers, with the "against"
    assert next(d for d in mine["deputies"] if d["id"] == b1)["overlap"] == 2
    assert next(d for d in theirs["deputies"] if d["id"] == b1)["overlap"] == 1


def test_results_work_while_the_cache_server_is_down(api_client, citizen, settings):
    expected = _results(api_client, citizen)
    settings.CACHES = {  # Django's test signals rebuild the cache handlers on this change
        "default": {
            "BACKEND": "parvaipret.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    selectors.term_matching_clear()
    ballot_matrix_clear_memo()

    assert _results(api_client, citizen) == expected
