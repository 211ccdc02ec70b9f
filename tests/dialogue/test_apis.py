import pytest

from parvaipret.dialogue.models import Response, ResponseReport
from tests.factories import QuestionFactory, ResponseFactory, VoteFactory

pytestmark = pytest.mark.django_db


def test_response_list_shows_published_text_and_hidden_reason_only(api_client, verified_account):
    vote = VoteFactory()
    published = ResponseFactory(
        account=verified_account, question=None, vote=vote, text="Balsoju par."
    )
    published.revisions.create(text="Agrāk")
    hidden = ResponseFactory(
        account=verified_account,
        state=Response.State.HIDDEN,
        text="Slēpts",
        moderation_reason="Spams",
    )
    ResponseFactory(account=verified_account, state=Response.State.WITHDRAWN)

    rows = {row["id"]: row for row in api_client.get("/api/v1/responses/").json()["results"]}

    assert set(rows) == {published.pk, hidden.pk}
    row = rows[published.pk]
    assert (row["text"], row["hidden_notice"], row["edited"]) == ("Balsoju par.", None, True)
    assert (row["target_type"], row["target_id"]) == ("vote", vote.pk)
    assert (row["deputy_name"], row["faction"]) == ("Inga Bērziņa", None)
    assert (row["helpful_count"], row["unhelpful_count"]) == (0, 0)
    assert rows[hidden.pk]["text"] is None
    assert rows[hidden.pk]["hidden_notice"] == "hidden by moderators: Spams"


def test_response_list_filters_by_target(api_client, verified_account):
    question = QuestionFactory()
    wanted = ResponseFactory(account=verified_account, question=question)
    ResponseFactory(account=verified_account)
    rows = api_client.get(f"/api/v1/responses/?question={question.pk}").json()["results"]
    assert [row["id"] for row in rows] == [wanted.pk]


def test_response_detail_of_a_withdrawn_response_is_not_found(api_client, verified_account):
    response = ResponseFactory(account=verified_account, state=Response.State.WITHDRAWN)
    assert api_client.get(f"/api/v1/responses/{response.pk}/").status_code == 404


def test_reaction_api_changes_and_clears_the_mark(api_client, citizen, verified_account):
    response = ResponseFactory(account=verified_account)
    api_client.force_login(citizen)
    url = f"/api/v1/responses/{response.pk}/reaction/"
    api_client.post(url, {"helpful": True}, format="json")
    changed = api_client.post(url, {"helpful": False}, format="json").json()
    assert changed == {"helpful": False, "helpful_count": 0, "unhelpful_count": 1}
    cleared = api_client.delete(url).json()
    assert cleared == {"helpful": None, "helpful_count": 0, "unhelpful_count": 0}


def test_report_api_accepts_one_report_per_user(api_client, citizen, verified_account):
    response = ResponseFactory(account=verified_account)
    api_client.force_login(citizen)
    url = f"/api/v1/responses/{response.pk}/report/"
    first = api_client.post(url, {"reason": "misleading"}, format="json")
    second = api_client.post(url, {"reason": "spam"}, format="json")
    bad = api_client.post(
        f"/api/v1/responses/{ResponseFactory(account=verified_account).pk}/report/",
        {"reason": "boring"},
        format="json",
    )
    assert first.status_code == 201
    assert first.json()["reason"] == "misleading"
    assert second.status_code == 400
    assert second.json() == {"detail": "You have already reported this response."}
    assert bad.status_code == 400
    assert ResponseReport.objects.count() == 1


def test_report_api_is_rate_limited(api_client, citizen, verified_account):
    api_client.force_login(citizen)
    statuses = [
        api_client.post(
            f"/api/v1/responses/{ResponseFactory(account=verified_account).pk}/report/",
            {"reason": "spam"},
            format="json",
        ).status_code
        for _ in range(11)
    ]
    assert statuses == [201] * 10 + [429]


def test_rate_limited_api_answers_with_json_and_retry_after(api_client, citizen, verified_account):
    api_client.force_login(citizen)
    response = ResponseFactory(account=verified_account)
    url = f"/api/v1/responses/{response.pk}/reaction/"
    for _ in range(60):
        api_client.post(url, {"helpful": True}, format="json")
    limited = api_client.post(url, {"helpful": True}, format="json")
    assert limited.status_code == 429
    assert limited.json()["detail"].startswith("Too many requests: please wait about")
    assert int(limited.headers["Retry-After"]) > 0


def test_openapi_schema_names_the_dialogue_endpoints(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    assert "/api/v1/responses/" in schema["paths"]
    assert "/api/v1/responses/{id}/reaction/" in schema["paths"]
    assert "/api/v1/responses/{id}/report/" in schema["paths"]
    assert "ResponsePublic" in schema["components"]["schemas"]
