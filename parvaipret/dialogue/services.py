"""Writes of the dialogue app: deputy accounts and their verification, responses, reactions,
reports, moderation, follows and the weekly digest.

Every rule about *who* may do something is checked here, so the admin, the pages and the API
cannot disagree. Error message texts are module constants that tests import; they are marked with
`gettext_noop` and translated where they are shown (views, the API's exception handler).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from parvaipret.core.exceptions import ApplicationError
from parvaipret.dialogue import selectors
from parvaipret.dialogue.models import (
    DeputyAccount,
    DeputyFollow,
    DigestSubscription,
    Response,
    ResponseReaction,
    ResponseReport,
    ResponseRevision,
    VerificationEvent,
)
from parvaipret.legislation.models import Initiative
from parvaipret.parliament.models import Deputy, Faction, Vote
from parvaipret.participation.models import Question

logger = logging.getLogger(__name__)
Status = DeputyAccount.Status

Target = Question | Vote | Initiative

RESPONSE_MAX_LENGTH = 5000
MODERATION_REASON_MAX_LENGTH = 500
DIGEST_MIN_INTERVAL = dt.timedelta(days=6)
"""A digest is not sent again within this time, so a repeated beat run sends nothing twice."""
DIGEST_POSITIONS = 10
"""How many unanswered public positions a digest lists."""

ACCOUNT_ALREADY_EXISTS = gettext_noop("This user already has a deputy account.")
ACCOUNT_NEEDS_ONE_SPEAKER = gettext_noop(
    "Choose either a deputy or a faction, not both and not neither."
)
ACCOUNT_BAD_TRANSITION = "A {current} account cannot be {action}."
NOT_STAFF = gettext_noop(
    "Only staff who may change deputy accounts can verify, reject or revoke them."
)
NOT_VERIFIED = gettext_noop("Only a verified deputy account can post, edit or withdraw responses.")
NOT_OWN_RESPONSE = gettext_noop("This response was written for another deputy or faction.")
RESPONSE_EMPTY = gettext_noop("A response cannot be empty.")
RESPONSE_TOO_LONG = gettext_noop("This response is too long.")
RESPONSE_EXISTS = gettext_noop("You have already responded to this; edit your response instead.")
RESPONSE_WITHDRAWN = gettext_noop("This response was withdrawn and can no longer be changed.")
RESPONSE_NOT_VISIBLE = gettext_noop("This response is not published.")
RESPONSE_TARGET_UNPUBLISHED = gettext_noop("This question is not published.")
NOT_MODERATOR = gettext_noop("Only moderators can hide or restore responses.")
MODERATION_NEEDS_REASON = gettext_noop(
    "Say why the response is hidden: the reason is shown to the public."
)
MODERATION_BAD_STATE = gettext_noop(
    "Only a published response can be hidden and only a hidden one restored."
)
REACT_OWN_RESPONSE = gettext_noop("You cannot mark your own deputy's or faction's response.")
REPORT_DUPLICATE = gettext_noop("You have already reported this response.")
SIGN_IN_REQUIRED = gettext_noop("Sign in first.")


# --- deputy accounts ------------------------------------------------------------------------


@transaction.atomic
def deputy_account_register(
    *,
    user: AbstractBaseUser,
    deputy: Deputy | None = None,
    faction: Faction | None = None,
    evidence: str = "",
) -> DeputyAccount:
    """Ask for a user to speak for a deputy (or a faction); staff verify it in the admin."""
    if (deputy is None) == (faction is None):
        raise ApplicationError(ACCOUNT_NEEDS_ONE_SPEAKER)
    if DeputyAccount.objects.filter(user=user).exists():
        raise ApplicationError(ACCOUNT_ALREADY_EXISTS)
    account = DeputyAccount(user=user, deputy=deputy, faction=faction, evidence=evidence.strip())
    account.full_clean()
    account.save()
    VerificationEvent.objects.create(
        account=account, status=account.status, actor=user, note="signed up"
    )
    return account


def _account_transition(
    *,
    account: DeputyAccount,
    actor: AbstractBaseUser | None,
    new_status: str,
    allowed_from: tuple[str, ...],
    action: str,
    note: str,
) -> DeputyAccount:
    # actor None is the system itself (a management command), never a web request.
    if actor is not None and not (
        actor.is_staff and actor.has_perm("dialogue.change_deputyaccount")
    ):
        raise PermissionDenied(NOT_STAFF)
    account = DeputyAccount.objects.select_for_update().get(pk=account.pk)
    if account.status not in allowed_from:
        raise ApplicationError(
            ACCOUNT_BAD_TRANSITION.format(current=account.get_status_display(), action=action)
        )
    account.status = new_status
    if new_status == DeputyAccount.Status.VERIFIED:
        account.verified_by = actor
        account.verified_at = timezone.now()
    account.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
    VerificationEvent.objects.create(
        account=account, status=new_status, actor=actor, note=note[:500]
    )
    return account


@transaction.atomic
def deputy_account_verify(
    *, account: DeputyAccount, actor: AbstractBaseUser | None, note: str = ""
) -> DeputyAccount:
    """Confirm the link to the Deputy (or Faction); from pending, or again after a rejection."""
    return _account_transition(
        account=account,
        actor=actor,
        new_status=Status.VERIFIED,
        allowed_from=(Status.PENDING, Status.REJECTED, Status.REVOKED),
        action="verified",
        note=note,
    )


@transaction.atomic
def deputy_account_reject(
    *, account: DeputyAccount, actor: AbstractBaseUser | None, note: str = ""
) -> DeputyAccount:
    return _account_transition(
        account=account,
        actor=actor,
        new_status=Status.REJECTED,
        allowed_from=(Status.PENDING,),
        action="rejected",
        note=note,
    )


@transaction.atomic
def deputy_account_revoke(
    *, account: DeputyAccount, actor: AbstractBaseUser | None, note: str = ""
) -> DeputyAccount:
    """Take the right to post away; the responses already posted stay as they are."""
    return _account_transition(
        account=account,
        actor=actor,
        new_status=Status.REVOKED,
        allowed_from=(Status.VERIFIED,),
        action="revoked",
        note=note,
    )


# --- responses ------------------------------------------------------------------------------


def _require_verified(account: DeputyAccount | None) -> DeputyAccount:
    if account is None or not account.is_verified:
        raise PermissionDenied(NOT_VERIFIED)
    return account


def _require_own(account: DeputyAccount, response: Response) -> None:
    if not selectors.response_is_own(account=account, response=response):
        raise PermissionDenied(NOT_OWN_RESPONSE)


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(RESPONSE_EMPTY)
    if len(text) > RESPONSE_MAX_LENGTH:
        raise ApplicationError(RESPONSE_TOO_LONG)
    return text


def _target_field(target: Target) -> str:
    if isinstance(target, Question):
        return "question"
    if isinstance(target, Vote):
        return "vote"
    if isinstance(target, Initiative):
        return "initiative"
    raise TypeError(f"a response answers a Question, Vote or Initiative, not {type(target)}")


@transaction.atomic
def response_submit(*, deputy_account: DeputyAccount | None, target: Target, text: str) -> Response:
    """Post a verified deputy's (or faction's) statement on a question, a vote or an initiative.

    One live (published or hidden) response per speaker and target: a second one is an edit.
    """
    account = _require_verified(deputy_account)
    field_name = _target_field(target)
    if isinstance(target, Question) and not target.is_published:
        raise ApplicationError(RESPONSE_TARGET_UNPUBLISHED)
    text = _clean_text(text)
    speaker = {"deputy_id": account.deputy_id, "faction_id": account.faction_id}
    existing = Response.objects.filter(
        **speaker, **{field_name: target}, state__in=selectors.VISIBLE_STATES
    )
    if existing.exists():
        raise ApplicationError(RESPONSE_EXISTS, {"response": existing.first().pk})
    response = Response(account=account, **speaker, **{field_name: target}, text=text)
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def response_edit(
    *, response: Response, deputy_account: DeputyAccount | None, text: str
) -> Response:
    """Replace the text, keeping the old one as a ResponseRevision. Unchanged text is a no-op."""
    account = _require_verified(deputy_account)
    response = Response.objects.select_for_update().get(pk=response.pk)
    _require_own(account, response)
    if response.state == Response.State.WITHDRAWN:
        raise ApplicationError(RESPONSE_WITHDRAWN)
    text = _clean_text(text)
    if text == response.text:
        return response
    ResponseRevision.objects.create(response=response, text=response.text)
    response.text = text
    response.full_clean()
    response.save(update_fields=["text", "updated_at"])
    return response


@transaction.atomic
def response_withdraw(*, response: Response, deputy_account: DeputyAccount | None) -> Response:
    """The author takes a response back; it disappears from public pages and the API."""
    account = _require_verified(deputy_account)
    response = Response.objects.select_for_update().get(pk=response.pk)
    _require_own(account, response)
    if response.state == Response.State.WITHDRAWN:
        return response
    response.state = Response.State.WITHDRAWN
    response.save(update_fields=["state", "updated_at"])
    return response


@transaction.atomic
def response_moderate(
    *,
    response: Response,
    decision: Literal["hide", "restore"],
    moderator: AbstractBaseUser,
    reason: str = "",
) -> Response:
    """Hide a published response with a public reason, or restore a hidden one.

    Hiding resolves the open reports; the reason stays visible as "hidden by moderators: reason".
    """
    if not selectors.user_can_moderate(user=moderator):
        raise PermissionDenied(NOT_MODERATOR)
    response = Response.objects.select_for_update().get(pk=response.pk)
    now = timezone.now()
    if decision == "hide":
        reason = (reason or "").strip()
        if not reason:
            raise ApplicationError(MODERATION_NEEDS_REASON)
        if response.state != Response.State.PUBLISHED:
            raise ApplicationError(MODERATION_BAD_STATE)
        response.state = Response.State.HIDDEN
        response.moderation_reason = reason[:MODERATION_REASON_MAX_LENGTH]
    elif decision == "restore":
        if response.state != Response.State.HIDDEN:
            raise ApplicationError(MODERATION_BAD_STATE)
        response.state = Response.State.PUBLISHED
        response.moderation_reason = ""
    else:
        raise ValueError(f"unknown moderation decision {decision!r}")
    response.moderated_by = moderator
    response.moderated_at = now
    response.full_clean()
    response.save(
        update_fields=["state", "moderation_reason", "moderated_by", "moderated_at", "updated_at"]
    )
    response.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    return response


@transaction.atomic
def response_reports_dismiss(*, response: Response, moderator: AbstractBaseUser) -> int:
    """A moderator looked and keeps the response: close its open reports. Returns how many."""
    if not selectors.user_can_moderate(user=moderator):
        raise PermissionDenied(NOT_MODERATOR)
    return response.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


# --- citizens: reactions, reports, follows --------------------------------------------------


def _require_signed_in(user: AbstractBaseUser) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(SIGN_IN_REQUIRED)


def _require_published(response: Response) -> None:
    if response.state != Response.State.PUBLISHED:
        raise ApplicationError(RESPONSE_NOT_VISIBLE)


@transaction.atomic
def response_react(
    *, response: Response, user: AbstractBaseUser, helpful: bool
) -> ResponseReaction:
    """Mark a response helpful or not; one mark per user, a second call changes it."""
    _require_signed_in(user)
    _require_published(response)
    own = selectors.deputy_account_for_user(user=user)
    if own is not None and (
        (own.deputy_id and own.deputy_id == response.deputy_id)
        or (own.faction_id and own.faction_id == response.faction_id)
    ):
        raise ApplicationError(REACT_OWN_RESPONSE)
    reaction, _ = ResponseReaction.objects.update_or_create(
        response=response, user=user, defaults={"helpful": helpful}
    )
    return reaction


@transaction.atomic
def response_reaction_clear(*, response: Response, user: AbstractBaseUser) -> None:
    _require_signed_in(user)
    ResponseReaction.objects.filter(response=response, user=user).delete()


def response_report(*, response: Response, user: AbstractBaseUser, reason: str) -> ResponseReport:
    """Report a published response to the moderators; one report per user and response."""
    _require_signed_in(user)
    _require_published(response)
    if ResponseReport.objects.filter(response=response, user=user).exists():
        raise ApplicationError(REPORT_DUPLICATE)
    report = ResponseReport(response=response, user=user, reason=reason)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # a simultaneous second report
        raise ApplicationError(REPORT_DUPLICATE) from error
    return report


@transaction.atomic
def deputy_follow(*, user: AbstractBaseUser, deputy: Deputy) -> DeputyFollow:
    _require_signed_in(user)
    follow, _ = DeputyFollow.objects.get_or_create(user=user, deputy=deputy)
    return follow


@transaction.atomic
def deputy_unfollow(*, user: AbstractBaseUser, deputy: Deputy) -> None:
    _require_signed_in(user)
    DeputyFollow.objects.filter(user=user, deputy=deputy).delete()


# --- weekly digest --------------------------------------------------------------------------


@transaction.atomic
def digest_subscription_set(
    *, deputy_account: DeputyAccount | None, active: bool
) -> DigestSubscription:
    """Turn a verified deputy's weekly digest of public positions on or off."""
    account = _require_verified(deputy_account)
    subscription, _ = DigestSubscription.objects.update_or_create(
        account=account, defaults={"is_active": active}
    )
    return subscription


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_send(*, subscription: DigestSubscription, now: dt.datetime | None = None) -> bool:
    """E-mail one deputy account its weekly digest; False when there was nothing to send.

    Lists the questions with the largest public/vote gaps that have no response yet, and the
    deputy's response rate. Nothing is sent within DIGEST_MIN_INTERVAL of the last digest, nor
    when no question is left unanswered.
    """
    now = now or timezone.now()
    account = subscription.account
    if (
        not subscription.is_active
        or not account.is_verified
        or account.deputy is None
        or not account.user.email
    ):
        return False
    if subscription.last_sent_at and now - subscription.last_sent_at < DIGEST_MIN_INTERVAL:
        return False
    deputy = account.deputy
    positions = [
        p
        for p in selectors.public_positions(deputy=deputy)
        if not p.responded and p.gap is not None and p.gap > 0
    ][:DIGEST_POSITIONS]
    if not positions:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "account": account,
            "deputy": deputy,
            "positions": positions,
            "rate": selectors.deputy_response_rate(deputy=deputy),
            "positions_url": _absolute(reverse("dialogue:public_positions", args=[deputy.pk])),
            "office_url": _absolute(reverse("dialogue:office")),
            "site_url": settings.SITE_URL.rstrip("/"),
            "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
            "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
        }
        subject = render_to_string("dialogue/email/digest_subject.txt", context).strip()
        body = render_to_string("dialogue/email/digest_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[account.user.email]).send()
    DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    subscription.last_sent_at = now
    return True


def digests_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send every due weekly digest; returns counts of sent and skipped digests."""
    sent = skipped = 0
    for subscription in selectors.digest_subscription_list_due():
        if digest_send(subscription=subscription, now=now):
            sent += 1
        else:
            skipped += 1
    logger.info("dialogue digests: %d sent, %d skipped", sent, skipped)
    return {"sent": sent, "skipped": skipped}
