import re

from django.test import Client

import pytest

from parvaipret.participation.models import Answer, Respondent
from parvaipret.participation.views import COOKIE_NAME
from tests.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _answers_form(questions, choices, importance=2, **extra):
    data = {}
    for question, choice in zip(questions, choices, strict=True):
        data[f"choice-{question.pk}"] = choice
        data[f"importance-{question.pk}"] = str(importance)
    return {**data, **extra}


def _with_cookie(client, respondent):
    client.cookies[COOKIE_NAME] = str(respondent.token)
    return client


def test_questionnaire_lists_published_questions_with_their_votes(client, small_term):
    draft = QuestionFactory(published_at=None, text="Melnraksts?")
    response = client.get("/questions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [i.question.text for i in response.context["weeks"][0]["week"].items[:2]] == [
        "Jautājums 1?",
        "Jautājums 2?",
    ]
    assert draft.text not in html
    assert f'href="/votes/{small_term.votes[0].pk}/"' in html
    assert small_term.votes[0].motive in html
    assert html.count('type="radio"') == 6 * 4
    # Polarity -1 is explained next to the vote of question 6.
    assert html.count("means “no” to the question") == 1
    assert COOKIE_NAME not in response.cookies  # nobody is created by looking


def test_questionnaire_in_english_uses_the_english_wording(client, small_term):
    html = client.get("/en/questions/").content.decode()
    assert "<legend>Question 1?</legend>" in html
    lv = client.get("/questions/").content.decode()
    assert "<legend>Jautājums 1?</legend>" in lv


def test_questionnaire_post_saves_answers_and_keeps_the_token_in_a_cookie(client, small_term):
    questions = small_term.questions
    data = _answers_form(questions[:5], ["for", "against", "abstain", "for", "skip"], 3)
    response = client.post("/questions/", {**data, "results": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/results/"
    respondent = Respondent.objects.get()
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == str(respondent.token)
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert sorted(respondent.answers.values_list("question_id", "choice", "importance")) == [
        (questions[0].pk, "for", 3),
        (questions[1].pk, "against", 3),
        (questions[2].pk, "abstain", 3),
        (questions[3].pk, "for", 3),
    ]


def test_questionnaire_changing_an_answer_replaces_it(client, small_term):
    question = small_term.questions[0]
    client.post("/questions/", _answers_form([question], ["for"]))
    response = client.post("/questions/", _answers_form([question], ["against"], 1))
    assert response["Location"] == "/questions/"
    assert list(Answer.objects.values_list("question_id", "choice", "importance")) == [
        (question.pk, "against", 1)
    ]
    assert Respondent.objects.count() == 1
    page = client.get("/questions/").content.decode()
    assert f'name="choice-{question.pk}" value="against" checked' in page


def test_questionnaire_skip_removes_an_answer(client, small_term):
    question = small_term.questions[0]
    client.post("/questions/", _answers_form([question], ["for"]))
    client.post("/questions/", _answers_form([question], ["skip"]))
    assert not Answer.objects.exists()


def test_questionnaire_rejects_an_unpublished_question_and_keeps_the_page(client, small_term):
    draft = QuestionVoteFactory(question__published_at=None).question
    data = _answers_form(small_term.questions[:1], ["for"])
    data[f"choice-{draft.pk}"] = "for"  # not a field of the form: ignored
    response = client.post("/questions/", data)
    assert response.status_code == 302
    assert list(Answer.objects.values_list("question_id", flat=True)) == [
        small_term.questions[0].pk
    ]
    bad = client.post("/questions/", _answers_form(small_term.questions[:1], ["maybe"]))
    assert bad.status_code == 400
    assert "Some answers could not be read" in bad.content.decode()


def test_questionnaire_enforces_csrf(small_term):
    client = Client(enforce_csrf_checks=True)
    data = _answers_form(small_term.questions[:1], ["for"])
    assert client.post("/questions/", data).status_code == 403
    page = client.get("/questions/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post("/questions/", {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Answer.objects.count() == 1


def test_restore_link_puts_the_respondent_back_in_a_new_browser(client, citizen):
    response = client.get(f"/r/{citizen.token}/")
    assert response.status_code == 302
    assert response["Location"] == "/results/"
    assert response.cookies[COOKIE_NAME].value == str(citizen.token)
    results = client.get("/results/")
    assert results.context["results"].answered == 6


def test_restore_link_of_unknown_token_is_not_found(client, db):
    assert client.get("/r/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_restore_link_of_an_account_asks_to_sign_in(client, db):
    respondent = RespondentFactory(user=UserFactory())
    response = client.get(f"/r/{respondent.token}/")
    assert response["Location"].startswith("/accounts/login/")
    assert COOKIE_NAME not in response.cookies


def test_results_page_ranks_factions_and_deputies_with_coverage(client, citizen):
    response = _with_cookie(client, citizen).get("/results/")
    html = response.content.decode()
    assert response.status_code == 200
    labels = [label.strip() for label in re.findall(r'<span class="label">([^<]+)', html)]
    assert labels[:2] == ["A", "B"]
    assert labels[2:] == [
        "A1 Deputātsa1",
        "A3 Deputātsa3",
        "A2 Deputātsa2",
        "B1 Deputātsb1",
        "B2 Deputātsb2",
    ]
    scores = re.findall(r'<span class="score score-main">([^<]+)', html)
    assert scores == ["75%", "10%", "83%", "82%", "75%", "25%", "9%"]
    assert "5 of 6 questions · coverage 83%" in html
    assert html.count("<details>") == 7
    assert 'id="factions-chart"' in html
    assert 'id="map-chart"' in html
    assert "vendor/plotly/plotly.min.js" in html
    assert f"/r/{citizen.token}/" in html
    assert f"/s/{citizen.share_id}/" in html


def test_results_page_effective_view_counts_abstaining_as_against(client, citizen):
    html = _with_cookie(client, citizen).get("/results/?view=effective").content.decode()
    scores = re.findall(r'<span class="score score-main">([^<]+)', html)
    assert scores == ["67%", "20%", "83%", "67%", "64%", "33%", "18%"]
    assert 'href="?view=effective" aria-current="true"' in html


def test_results_page_shows_na_below_min_overlap(client, small_term):
    respondent = RespondentFactory()
    for question in small_term.questions[:3]:
        AnswerFactory(respondent=respondent, question=question)
    html = _with_cookie(client, respondent).get("/results/").content.decode()
    assert re.findall(r'<span class="score score-main">([^<]+)', html)[:2] == ["n/a", "n/a"]
    assert 'id="factions-chart"' not in html


def test_results_page_without_answers_invites_to_answer(client, db):
    html = client.get("/results/").content.decode()
    assert "You have not answered any questions yet." in html


def test_signing_in_keeps_the_anonymous_answers_on_the_account(client, small_term):
    user = UserFactory()
    account = RespondentFactory(user=user)
    AnswerFactory(respondent=account, question=small_term.questions[1], choice="for")
    q0, q1 = small_term.questions[:2]
    client.post("/questions/", _answers_form([q0, q1], ["against", "against"]))
    anonymous = Respondent.objects.get(user=None)

    client.force_login(user)
    response = client.get("/questions/")

    assert not Respondent.objects.filter(pk=anonymous.pk).exists()
    assert dict(account.answers.values_list("question_id", "choice")) == {
        q0.pk: "against",
        q1.pk: "against",  # the newer answer wins
    }
    assert response.cookies[COOKIE_NAME].value == ""  # the cookie is dropped
    assert "Your answers are kept on your account" in response.content.decode()


def test_shared_results_hide_the_answers_by_default(client, citizen):
    response = client.get(f"/s/{citizen.share_id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<span class="score score-main">([^<]+)', html)[:2] == ["75%", "10%"]
    assert "The answers behind these results are private." in html
    assert 'class="breakdown"' not in html
    assert "Jautājums 1?" not in html
    assert str(citizen.token) not in html
    assert COOKIE_NAME not in response.cookies


def test_shared_results_show_the_answers_when_the_owner_allows_it(client, citizen):
    owner = _with_cookie(Client(), citizen)
    owner.post("/results/share/", {"share_answers": "on"})
    citizen.refresh_from_db()
    assert citizen.share_answers
    html = client.get(f"/s/{citizen.share_id}/").content.decode()
    assert 'class="breakdown"' in html
    assert "Jautājums 1?" in html
    assert str(citizen.token) not in html
    owner.post("/results/share/", {})
    citizen.refresh_from_db()
    assert not citizen.share_answers


def test_shared_results_of_unknown_id_is_not_found(client, db):
    assert client.get("/s/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_results_page_escapes_names_in_the_breakdown(client, citizen, small_term):
    deputy = small_term.deputies["a1"]
    deputy.first_name = "<script>alert(1)</script>"
    deputy.save()
    html = _with_cookie(client, citizen).get("/results/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Deputātsa1: " in html  # a member of faction A
