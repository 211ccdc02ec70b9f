"""Who may do what, for every role: anonymous, citizen, unverified deputy, verified deputy
(only their own responses), moderator and staff. Each test runs the real view."""

from django.urls import reverse

import pytest

from parvaipret.dialogue.models import (
    DeputyAccount,
    DeputyFollow,
    DigestSubscription,
    Response,
    ResponseReaction,
    ResponseReport,
)
from tests.dialogue.conftest import ROLES
from tests.factories import DeputyAccountFactory, ResponseFactory, VoteFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _is_login_redirect(page) -> bool:
    return page.status_code == 302 and page.url.startswith(LOGIN)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_verified_deputy_can_open_and_post_a_response(role, login, client):
    login(role)
    vote = VoteFactory()
    url = reverse("dialogue:response_create", args=["vote", vote.pk])

    form_page = client.get(url)
    posted = client.post(url, {"text": "Balsoju pret, jo likumprojekts nebija gatavs."})

    if role == "anonymous":
        assert _is_login_redirect(form_page)
        assert _is_login_redirect(posted)
        assert not Response.objects.exists()
    elif role == "verified_deputy":
        assert form_page.status_code == 200
        response = Response.objects.get()
        assert posted.status_code == 302
        assert posted.url == reverse("dialogue:response_detail", args=[response.pk])
        assert (response.vote, response.text) == (
            vote,
            "Balsoju pret, jo likumprojekts nebija gatavs.",
        )
    else:
        assert (form_page.status_code, posted.status_code) == (403, 403)
        assert not Response.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_authors_verified_account_can_edit_a_response(
    role, login, client, verified_account
):
    response = ResponseFactory(account=verified_account, text="Sākotnējais teksts")
    login(role)
    url = reverse("dialogue:response_edit", args=[response.pk])

    page = client.post(url, {"text": "Labots teksts"})

    response.refresh_from_db()
    if role == "verified_deputy":
        assert page.status_code == 302
        assert response.text == "Labots teksts"
        assert list(response.revisions.values_list("text", flat=True)) == ["Sākotnējais teksts"]
    else:
        assert _is_login_redirect(page) if role == "anonymous" else page.status_code == 403
        assert response.text == "Sākotnējais teksts"
        assert not response.revisions.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_authors_verified_account_can_withdraw_a_response(
    role, login, client, verified_account
):
    response = ResponseFactory(account=verified_account)
    login(role)
    page = client.post(reverse("dialogue:response_withdraw", args=[response.pk]))
    response.refresh_from_db()
    expected_state = "withdrawn" if role == "verified_deputy" else "published"
    assert response.state == expected_state
    if role == "anonymous":
        assert _is_login_redirect(page)
    else:
        assert page.status_code == (302 if role == "verified_deputy" else 403)


def test_a_verified_deputy_cannot_edit_or_withdraw_another_deputys_response(
    client, verified_account
):
    other = DeputyAccountFactory()  # verified, another deputy
    response = ResponseFactory(account=other, text="Cits deputāts")
    client.force_login(verified_account.user)
    edit = client.post(reverse("dialogue:response_edit", args=[response.pk]), {"text": "X"})
    withdraw = client.post(reverse("dialogue:response_withdraw", args=[response.pk]))
    response.refresh_from_db()
    assert (edit.status_code, withdraw.status_code) == (403, 403)
    assert (response.text, response.state) == ("Cits deputāts", "published")


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_see_the_moderation_queue(role, login, client):
    login(role)
    page = client.get(reverse("dialogue:moderation"))
    if role == "anonymous":
        assert _is_login_redirect(page)
    else:
        assert page.status_code == (200 if role == "moderator" else 403)


def test_superusers_see_the_moderation_queue(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("dialogue:moderation")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_can_hide_a_response(role, login, client, verified_account):
    response = ResponseFactory(account=verified_account)
    login(role)
    page = client.post(
        reverse("dialogue:response_moderate", args=[response.pk]),
        {"decision": "hide", "reason": "Aizskaroši izteikumi"},
    )
    response.refresh_from_db()
    if role == "moderator":
        assert page.status_code == 302
        assert (response.state, response.moderation_reason) == ("hidden", "Aizskaroši izteikumi")
    else:
        assert _is_login_redirect(page) if role == "anonymous" else page.status_code == 403
        assert response.state == "published"


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_users_mark_responses_except_the_authors_own(
    role, login, client, verified_account
):
    response = ResponseFactory(account=verified_account)
    user = login(role)
    page = client.post(reverse("dialogue:response_react", args=[response.pk]), {"mark": "helpful"})
    if role == "anonymous":
        assert _is_login_redirect(page)
        assert not ResponseReaction.objects.exists()
    elif role == "verified_deputy":  # their own deputy's response
        assert page.status_code == 302
        assert not ResponseReaction.objects.exists()
    else:
        assert page.status_code == 302
        assert list(ResponseReaction.objects.values_list("user", "helpful")) == [(user.pk, True)]


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_users_report_a_response_once(role, login, client, verified_account):
    response = ResponseFactory(account=verified_account)
    user = login(role)
    url = reverse("dialogue:response_report", args=[response.pk])
    client.post(url, {"reason": "misleading"})
    client.post(url, {"reason": "spam"})
    if role == "anonymous":
        assert not ResponseReport.objects.exists()
    else:
        assert list(ResponseReport.objects.values_list("user", "reason")) == [
            (user.pk, "misleading")
        ]


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_users_follow_a_deputy(role, login, client, deputy):
    user = login(role)
    page = client.post(reverse("dialogue:deputy_follow", args=[deputy.pk]), {"action": "follow"})
    if role == "anonymous":
        assert _is_login_redirect(page)
        assert not DeputyFollow.objects.exists()
    else:
        assert list(DeputyFollow.objects.values_list("user", "deputy")) == [(user.pk, deputy.pk)]


@pytest.mark.parametrize("role", ROLES)
def test_office_page_shows_each_role_its_own_state(role, login, client):
    login(role)
    page = client.get(reverse("dialogue:office"))
    if role == "anonymous":
        assert _is_login_redirect(page)
        return
    assert page.status_code == 200
    html = page.content.decode()
    if role == "verified_deputy":
        assert "Inga Bērziņa" in html
        assert "Questions where the public differs most from your vote" in html
    elif role == "unverified_deputy":
        assert "Staff will check the link" in html
    else:
        assert "Ask for verification" in html


@pytest.mark.parametrize("role", ROLES)
def test_only_a_verified_deputy_can_subscribe_to_the_digest(role, login, client):
    login(role)
    page = client.post(reverse("dialogue:digest_toggle"), {"active": "1"})
    if role == "verified_deputy":
        assert page.status_code == 302
        assert DigestSubscription.objects.get().is_active is True
    else:
        assert _is_login_redirect(page) if role == "anonymous" else page.status_code == 403
        assert not DigestSubscription.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_verify_deputy_accounts_in_the_admin(role, login, client, unverified_account):
    login(role)
    page = client.post(
        "/admin/dialogue/deputyaccount/",
        {"action": "verify", "_selected_action": [unverified_account.pk]},
    )
    unverified_account.refresh_from_db()
    if role == "staff":
        assert page.status_code == 302
        assert unverified_account.status == DeputyAccount.Status.VERIFIED
        event = unverified_account.events.first()
        assert (event.status, event.actor.username) == ("verified", "staff")
    else:
        assert page.status_code == 302
        assert "/admin/login/" in page.url
        assert unverified_account.status == DeputyAccount.Status.PENDING


def test_staff_reject_and_revoke_in_the_admin(client, staff, unverified_account, verified_account):
    client.force_login(staff)
    url = "/admin/dialogue/deputyaccount/"
    client.post(url, {"action": "reject", "_selected_action": [unverified_account.pk]})
    client.post(url, {"action": "revoke", "_selected_action": [verified_account.pk]})
    unverified_account.refresh_from_db()
    verified_account.refresh_from_db()
    assert (unverified_account.status, verified_account.status) == ("rejected", "revoked")
    assert verified_account.events.first().actor == staff


def test_a_revoked_deputy_can_no_longer_post(client, staff, verified_account):
    client.force_login(staff)
    client.post(
        "/admin/dialogue/deputyaccount/",
        {"action": "revoke", "_selected_action": [verified_account.pk]},
    )
    client.force_login(verified_account.user)
    vote = VoteFactory()
    page = client.post(
        reverse("dialogue:response_create", args=["vote", vote.pk]), {"text": "Vēl viens"}
    )
    assert page.status_code == 403
    assert not Response.objects.exists()


def test_moderators_hide_with_a_reason_in_the_admin(client, admin_user, verified_account):
    response = ResponseFactory(account=verified_account)
    client.force_login(admin_user)
    url = "/admin/dialogue/response/"
    ask = client.post(url, {"action": "hide", "_selected_action": [response.pk]})
    assert ask.status_code == 200
    assert "Reason shown to the public" in ask.content.decode()
    client.post(
        url,
        {"action": "hide", "_selected_action": [response.pk], "apply": "1", "reason": "Spams"},
    )
    response.refresh_from_db()
    assert (response.state, response.moderation_reason) == ("hidden", "Spams")


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_are_public_and_marks_need_sign_in(role, api_client, users, verified_account):
    response = ResponseFactory(account=verified_account)
    if users[role] is not None:
        api_client.force_login(users[role])
    listing = api_client.get("/api/v1/responses/")
    marked = api_client.post(
        f"/api/v1/responses/{response.pk}/reaction/", {"helpful": True}, format="json"
    )
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    if role == "anonymous":
        assert marked.status_code == 403
    elif role == "verified_deputy":
        assert marked.status_code == 400
        assert marked.json()["detail"] == "You cannot mark your own deputy's or faction's response."
    else:
        assert marked.status_code == 200
        assert marked.json() == {"helpful": True, "helpful_count": 1, "unhelpful_count": 0}


def test_admin_pages_of_the_dialogue_models_render_for_staff(client, admin_user, verified_account):
    response = ResponseFactory(account=verified_account)
    response.revisions.create(text="Agrāk")
    response.reports.create(user=admin_user, reason="spam")
    client.force_login(admin_user)
    for url in [
        "/admin/dialogue/deputyaccount/",
        f"/admin/dialogue/deputyaccount/{verified_account.pk}/change/",
        "/admin/dialogue/response/",
        f"/admin/dialogue/response/{response.pk}/change/",
        "/admin/dialogue/responsereport/",
        "/admin/dialogue/responsereaction/",
        "/admin/dialogue/deputyfollow/",
        "/admin/dialogue/digestsubscription/",
    ]:
        assert client.get(url).status_code == 200, url
