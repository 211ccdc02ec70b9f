"""Deputies answer the public: verified deputy accounts and their responses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvaipret.core.models import TimeStampedModel


class DeputyAccount(TimeStampedModel):
    """A user account speaking for a deputy (or a faction's official account), once staff verify it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")
        REVOKED = "revoked", _("revoked")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputy_account"
    )
    deputy = models.ForeignKey(
        "parliament.Deputy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accounts",
    )
    faction = models.ForeignKey(
        "parliament.Faction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accounts",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    evidence = models.TextField(_("how to verify (official e-mail, phone)"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("deputy account")
        verbose_name_plural = _("deputy accounts")
        constraints = [
            models.CheckConstraint(
                condition=(Q(deputy__isnull=False) & Q(faction__isnull=True))
                | (Q(deputy__isnull=True) & Q(faction__isnull=False)),
                name="deputyaccount_one_speaker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.deputy or self.faction} ({self.status})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class VerificationEvent(models.Model):
    """Audit trail: who changed a deputy account's status, when and why."""

    account = models.ForeignKey(DeputyAccount, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("new status"), max_length=10, choices=DeputyAccount.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")

    def __str__(self) -> str:
        return f"{self.account_id} → {self.status} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"


class Response(TimeStampedModel):
    """A deputy's (or faction's) statement on a question, a vote or an initiative."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn by the author")
        HIDDEN = "hidden", _("hidden by moderators")

    account = models.ForeignKey(DeputyAccount, on_delete=models.PROTECT, related_name="responses")
    deputy = models.ForeignKey(
        "parliament.Deputy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
    )
    faction = models.ForeignKey(
        "parliament.Faction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
    )
    question = models.ForeignKey(
        "participation.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
    )
    vote = models.ForeignKey(
        "parliament.Vote", on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    initiative = models.ForeignKey(
        "legislation.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
    )
    text = models.TextField(_("text"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="published")
    moderation_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False) & Q(vote__isnull=True) & Q(initiative__isnull=True)
                )
                | (Q(question__isnull=True) & Q(vote__isnull=False) & Q(initiative__isnull=True))
                | (Q(question__isnull=True) & Q(vote__isnull=True) & Q(initiative__isnull=False)),
                name="response_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(state="hidden") | ~Q(moderation_reason=""),
                name="response_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy or self.faction}: {self.text[:60]}"


class ResponseRevision(models.Model):
    """The text a response had before an edit: edits keep their history."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(_("text"))
    edited_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        ordering = ["-edited_at"]
        verbose_name = _("response revision")
        verbose_name_plural = _("response revisions")

    def __str__(self) -> str:
        return f"revision of {self.response_id} replaced {self.edited_at:%Y-%m-%d %H:%M}"


class ResponseReaction(TimeStampedModel):
    """A signed-in citizen's mark on a response: helpful or not. One per person, changeable."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_reactions"
    )
    helpful = models.BooleanField(_("helpful"))

    class Meta:
        verbose_name = _("reaction to a response")
        verbose_name_plural = _("reactions to responses")
        constraints = [
            models.UniqueConstraint(fields=["response", "user"], name="reaction_one_per_user"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user_id} → {self.response_id}: {'helpful' if self.helpful else 'not helpful'}"
        )


class ResponseReport(models.Model):
    """A signed-in user's report of a response to the moderators. One per person and response."""

    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("abusive or hateful")
        MISLEADING = "misleading", _("misleading")
        OFF_TOPIC = "off_topic", _("off topic")
        SPAM = "spam", _("spam or advertising")
        PRIVACY = "privacy", _("reveals private data")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="response_reports"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report of a response")
        verbose_name_plural = _("reports of responses")
        # The site's moderation permission: hide a response with a reason, or restore it.
        permissions = [("moderate_response", _("Can hide and restore deputies' responses"))]
        constraints = [
            models.UniqueConstraint(fields=["response", "user"], name="report_one_per_user"),
            models.CheckConstraint(
                condition=Q(reason__in=["abusive", "misleading", "off_topic", "spam", "privacy"]),
                name="report_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} reported {self.response_id} ({self.reason})"


class DeputyFollow(models.Model):
    """A signed-in citizen follows a deputy's responses."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputy_follows"
    )
    deputy = models.ForeignKey(
        "parliament.Deputy", on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("followed deputy")
        verbose_name_plural = _("followed deputies")
        constraints = [
            models.UniqueConstraint(fields=["user", "deputy"], name="follow_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.deputy_id}"


class DigestSubscription(TimeStampedModel):
    """A deputy account's choice to get the weekly e-mail of public positions to respond to."""

    account = models.OneToOneField(
        DeputyAccount, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest subscription")
        verbose_name_plural = _("weekly digest subscriptions")

    def __str__(self) -> str:
        return f"digest for {self.account_id} ({'on' if self.is_active else 'off'})"
