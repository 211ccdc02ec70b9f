from django.core.exceptions import PermissionDenied

import pytest

from parvaipret.core.exceptions import ApplicationError
from parvaipret.dialogue import services
from parvaipret.dialogue.models import (
    DeputyAccount,
    DeputyFollow,
    Response,
    ResponseReaction,
    ResponseReport,
    VerificationEvent,
)
from tests.factories import (
    DeputyAccountFactory,
    DeputyFactory,
    FactionFactory,
    InitiativeFactory,
    QuestionFactory,
    ResponseFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


# --- deputy accounts ------------------------------------------------------------------------


def test_deputy_account_register_creates_a_pending_account_with_an_audit_row(citizen, deputy):
    account = services.deputy_account_register(
        user=citizen, deputy=deputy, evidence="  inga.berzina@saeima.lv  "
    )
    assert account.status == DeputyAccount.Status.PENDING
    assert account.evidence == "inga.berzina@saeima.lv"
    [event] = account.events.all()
    assert (event.status, event.actor, event.note) == ("pending", citizen, "signed up")


def test_deputy_account_register_for_a_faction(citizen):
    faction = FactionFactory(short_name="ZZS")
    account = services.deputy_account_register(user=citizen, faction=faction)
    assert (account.deputy, account.faction) == (None, faction)


def test_deputy_account_register_needs_exactly_one_speaker(citizen, deputy):
    with pytest.raises(ApplicationError, match=services.ACCOUNT_NEEDS_ONE_SPEAKER):
        services.deputy_account_register(user=citizen)
    with pytest.raises(ApplicationError, match=services.ACCOUNT_NEEDS_ONE_SPEAKER):
        services.deputy_account_register(user=citizen, deputy=deputy, faction=FactionFactory())


def test_deputy_account_register_refuses_a_second_account(verified_account):
    with pytest.raises(ApplicationError, match=services.ACCOUNT_ALREADY_EXISTS):
        services.deputy_account_register(user=verified_account.user, deputy=DeputyFactory())


def test_deputy_account_verify_records_who_and_when(unverified_account, staff):
    account = services.deputy_account_verify(
        account=unverified_account, actor=staff, note="called the office"
    )
    assert account.status == DeputyAccount.Status.VERIFIED
    assert account.verified_by == staff
    assert account.verified_at is not None
    event = account.events.first()
    assert (event.status, event.actor, event.note) == ("verified", staff, "called the office")
    assert event.at is not None


def test_deputy_account_reject_and_revoke_write_events(unverified_account, verified_account, staff):
    services.deputy_account_reject(account=unverified_account, actor=staff, note="no reply")
    services.deputy_account_revoke(account=verified_account, actor=staff, note="left the office")
    unverified_account.refresh_from_db()
    verified_account.refresh_from_db()
    assert unverified_account.status == "rejected"
    assert verified_account.status == "revoked"
    assert list(
        VerificationEvent.objects.filter(actor=staff).order_by("at").values_list("status", "note")
    ) == [("rejected", "no reply"), ("revoked", "left the office")]


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.deputy_account_reject, "verified"),
        (services.deputy_account_revoke, "pending"),
        (services.deputy_account_verify, "verified"),
    ],
)
def test_deputy_account_transitions_refuse_the_wrong_starting_status(service, status, staff):
    account = DeputyAccountFactory(status=status)
    with pytest.raises(ApplicationError):
        service(account=account, actor=staff)
    assert not account.events.exists()


@pytest.mark.parametrize("role", ["citizen", "moderator", "verified_deputy"])
def test_deputy_account_verify_is_for_staff_only(role, users, unverified_account):
    with pytest.raises(PermissionDenied, match=services.NOT_STAFF):
        services.deputy_account_verify(account=unverified_account, actor=users[role])
    unverified_account.refresh_from_db()
    assert unverified_account.status == "pending"


# --- responses ------------------------------------------------------------------------------


@pytest.mark.parametrize("make_target", [QuestionFactory, VoteFactory, InitiativeFactory])
def test_response_submit_on_each_kind_of_target(make_target, verified_account, deputy):
    target = make_target()
    response = services.response_submit(
        deputy_account=verified_account, target=target, text="  Es balsoju pret, jo …  "
    )
    assert response.text == "Es balsoju pret, jo …"
    assert response.deputy == deputy
    assert response.faction is None
    assert response.state == Response.State.PUBLISHED
    assert target in (response.question, response.vote, response.initiative)


def test_response_submit_by_a_faction_account_speaks_for_the_faction():
    faction = FactionFactory()
    account = DeputyAccountFactory(deputy=None, faction=faction)
    response = services.response_submit(deputy_account=account, target=VoteFactory(), text="Mēs")
    assert (response.deputy, response.faction) == (None, faction)


@pytest.mark.parametrize("status", ["pending", "rejected", "revoked"])
def test_response_submit_refuses_unverified_accounts(status):
    account = DeputyAccountFactory(status=status)
    with pytest.raises(PermissionDenied, match=services.NOT_VERIFIED):
        services.response_submit(deputy_account=account, target=VoteFactory(), text="…")
    assert not Response.objects.exists()


def test_response_submit_refuses_no_account():
    with pytest.raises(PermissionDenied):
        services.response_submit(deputy_account=None, target=VoteFactory(), text="…")


def test_response_submit_refuses_empty_too_long_and_unpublished(verified_account):
    vote = VoteFactory()
    with pytest.raises(ApplicationError, match=services.RESPONSE_EMPTY):
        services.response_submit(deputy_account=verified_account, target=vote, text="   ")
    with pytest.raises(ApplicationError, match=services.RESPONSE_TOO_LONG):
        services.response_submit(deputy_account=verified_account, target=vote, text="x" * 5001)
    with pytest.raises(ApplicationError, match=services.RESPONSE_TARGET_UNPUBLISHED):
        services.response_submit(
            deputy_account=verified_account, target=QuestionFactory(published_at=None), text="…"
        )


def test_response_submit_allows_one_live_response_per_target(verified_account):
    vote = VoteFactory()
    first = services.response_submit(deputy_account=verified_account, target=vote, text="1")
    with pytest.raises(ApplicationError, match="already responded") as raised:
        services.response_submit(deputy_account=verified_account, target=vote, text="2")
    assert raised.value.extra == {"response": first.pk}
    services.response_withdraw(response=first, deputy_account=verified_account)
    again = services.response_submit(deputy_account=verified_account, target=vote, text="3")
    assert again.pk != first.pk


def test_response_edit_keeps_the_old_text_as_a_revision(verified_account):
    response = ResponseFactory(account=verified_account, text="Pirmā versija")
    services.response_edit(response=response, deputy_account=verified_account, text="Otrā")
    services.response_edit(response=response, deputy_account=verified_account, text="Trešā")
    services.response_edit(response=response, deputy_account=verified_account, text="Trešā")
    response.refresh_from_db()
    assert response.text == "Trešā"
    assert list(response.revisions.order_by("edited_at", "pk").values_list("text", flat=True)) == [
        "Pirmā versija",
        "Otrā",
    ]


def test_response_edit_by_a_colleague_of_the_same_deputy_is_allowed(verified_account, deputy):
    colleague = DeputyAccountFactory(deputy=deputy)
    response = ResponseFactory(account=verified_account)
    services.response_edit(response=response, deputy_account=colleague, text="Precizēts")
    response.refresh_from_db()
    assert response.text == "Precizēts"


def test_response_edit_and_withdraw_refuse_another_deputys_response(verified_account):
    other = DeputyAccountFactory()
    response = ResponseFactory(account=verified_account, text="Mans")
    with pytest.raises(PermissionDenied, match=services.NOT_OWN_RESPONSE):
        services.response_edit(response=response, deputy_account=other, text="Svešs")
    with pytest.raises(PermissionDenied, match=services.NOT_OWN_RESPONSE):
        services.response_withdraw(response=response, deputy_account=other)
    response.refresh_from_db()
    assert (response.text, response.state) == ("Mans", "published")


def test_response_edit_refuses_a_withdrawn_response(verified_account):
    response = ResponseFactory(account=verified_account, state=Response.State.WITHDRAWN)
    with pytest.raises(ApplicationError, match=services.RESPONSE_WITHDRAWN):
        services.response_edit(response=response, deputy_account=verified_account, text="…")


def test_response_edit_refuses_a_revoked_account(verified_account, staff):
    response = ResponseFactory(account=verified_account)
    services.deputy_account_revoke(account=verified_account, actor=staff)
    verified_account.refresh_from_db()
    with pytest.raises(PermissionDenied, match=services.NOT_VERIFIED):
        services.response_edit(response=response, deputy_account=verified_account, text="…")


# --- moderation -----------------------------------------------------------------------------


def test_response_moderate_hides_with_a_reason_and_resolves_reports(verified_account, moderator):
    response = ResponseFactory(account=verified_account)
    report = ResponseReport.objects.create(response=response, user=UserFactory(), reason="spam")
    services.response_moderate(
        response=response, decision="hide", moderator=moderator, reason="Reklāma"
    )
    response.refresh_from_db()
    report.refresh_from_db()
    assert (response.state, response.moderation_reason) == ("hidden", "Reklāma")
    assert response.moderated_by == moderator
    assert response.moderated_at is not None
    assert report.resolved_at is not None


def test_response_moderate_restore_publishes_again(verified_account, moderator):
    response = ResponseFactory(
        account=verified_account, state=Response.State.HIDDEN, moderation_reason="Kļūda"
    )
    services.response_moderate(response=response, decision="restore", moderator=moderator)
    response.refresh_from_db()
    assert (response.state, response.moderation_reason) == ("published", "")


def test_response_moderate_needs_a_reason_to_hide(verified_account, moderator):
    response = ResponseFactory(account=verified_account)
    with pytest.raises(ApplicationError, match=services.MODERATION_NEEDS_REASON):
        services.response_moderate(response=response, decision="hide", moderator=moderator)


@pytest.mark.parametrize("role", ["citizen", "verified_deputy", "unverified_deputy", "staff"])
def test_response_moderate_is_for_moderators_only(role, users, verified_account):
    response = ResponseFactory(account=verified_account)
    with pytest.raises(PermissionDenied, match=services.NOT_MODERATOR):
        services.response_moderate(
            response=response, decision="hide", moderator=users[role], reason="…"
        )


def test_response_moderate_works_for_superusers(verified_account, admin_user):
    response = ResponseFactory(account=verified_account)
    services.response_moderate(
        response=response, decision="hide", moderator=admin_user, reason="Privāti dati"
    )
    response.refresh_from_db()
    assert response.state == "hidden"


def test_response_reports_dismiss_closes_open_reports_only(verified_account, moderator):
    response = ResponseFactory(account=verified_account)
    response.reports.create(user=UserFactory(), reason="spam")
    response.reports.create(user=UserFactory(), reason="misleading")
    assert services.response_reports_dismiss(response=response, moderator=moderator) == 2
    assert services.response_reports_dismiss(response=response, moderator=moderator) == 0
    response.refresh_from_db()
    assert response.state == "published"


# --- citizens -------------------------------------------------------------------------------


def test_response_react_keeps_one_changeable_mark_per_user(verified_account, citizen):
    response = ResponseFactory(account=verified_account)
    services.response_react(response=response, user=citizen, helpful=True)
    services.response_react(response=response, user=citizen, helpful=False)
    assert list(ResponseReaction.objects.values_list("user", "helpful")) == [(citizen.pk, False)]
    services.response_reaction_clear(response=response, user=citizen)
    assert not ResponseReaction.objects.exists()


def test_response_react_refuses_the_authors_own_office(verified_account, deputy):
    response = ResponseFactory(account=verified_account)
    colleague = DeputyAccountFactory(deputy=deputy)
    with pytest.raises(ApplicationError, match=services.REACT_OWN_RESPONSE):
        services.response_react(response=response, user=colleague.user, helpful=True)


def test_response_react_and_report_refuse_hidden_responses(verified_account, citizen):
    response = ResponseFactory(
        account=verified_account, state=Response.State.HIDDEN, moderation_reason="Spams"
    )
    with pytest.raises(ApplicationError, match=services.RESPONSE_NOT_VISIBLE):
        services.response_react(response=response, user=citizen, helpful=True)
    with pytest.raises(ApplicationError, match=services.RESPONSE_NOT_VISIBLE):
        services.response_report(response=response, user=citizen, reason="spam")


def test_response_report_once_per_user(verified_account, citizen):
    response = ResponseFactory(account=verified_account)
    report = services.response_report(response=response, user=citizen, reason="misleading")
    assert (report.reason, report.resolved_at) == ("misleading", None)
    with pytest.raises(ApplicationError, match=services.REPORT_DUPLICATE):
        services.response_report(response=response, user=citizen, reason="spam")
    assert ResponseReport.objects.count() == 1


def test_response_report_rejects_an_unknown_reason(verified_account, citizen):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.response_report(
            response=ResponseFactory(account=verified_account), user=citizen, reason="boring"
        )


def test_citizen_actions_need_a_signed_in_user(verified_account):
    from django.contrib.auth.models import AnonymousUser

    response = ResponseFactory(account=verified_account)
    anonymous = AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.response_react(response=response, user=anonymous, helpful=True)
    with pytest.raises(PermissionDenied):
        services.response_report(response=response, user=anonymous, reason="spam")
    with pytest.raises(PermissionDenied):
        services.deputy_follow(user=anonymous, deputy=verified_account.deputy)


def test_deputy_follow_is_idempotent_and_unfollow_removes_it(citizen, deputy):
    services.deputy_follow(user=citizen, deputy=deputy)
    services.deputy_follow(user=citizen, deputy=deputy)
    assert DeputyFollow.objects.filter(user=citizen, deputy=deputy).count() == 1
    services.deputy_unfollow(user=citizen, deputy=deputy)
    assert not DeputyFollow.objects.exists()


def test_digest_subscription_set_needs_a_verified_account(verified_account, unverified_account):
    subscription = services.digest_subscription_set(deputy_account=verified_account, active=True)
    assert subscription.is_active is True
    subscription = services.digest_subscription_set(deputy_account=verified_account, active=False)
    assert subscription.is_active is False
    with pytest.raises(PermissionDenied):
        services.digest_subscription_set(deputy_account=unverified_account, active=True)
