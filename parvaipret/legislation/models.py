"""Bills and decisions, their stages, citizen initiatives, and who follows them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parvaipret.core.models import SourcedModel, TimeStampedModel


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Bill(SourcedModel, TimeStampedModel):
    """A bill (likumprojekts, `1292/Lp14`) or a draft decision (lēmuma projekts, `928/Lm14`)."""

    class Kind(models.TextChoices):
        BILL = "bill", _("bill")
        DECISION = "decision", _("draft decision")
        OTHER = "other", _("other document")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        IN_COMMITTEE = "in_committee", _("in committee")
        FIRST_READING = "reading_1", _("passed first reading")
        SECOND_READING = "reading_2", _("passed second reading")
        ADOPTED = "adopted", _("adopted")
        PROCLAIMED = "proclaimed", _("proclaimed")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        UNKNOWN = "", _("not given")

    class DecisionVerb(models.TextChoices):
        """What a decision does with a collective submission (the verb after "nolemj")."""

        FORWARD = "forward", _("forwarded")
        REJECT = "reject", _("rejected")
        NO_FURTHER_ACTION = "no_further_action", _("left without further action")
        UNKNOWN = "", _("not known")

    term = models.ForeignKey("parliament.Term", on_delete=models.PROTECT, related_name="bills")
    number = models.CharField(_("number"), max_length=30, help_text=_("e.g. 1292/Lp14, 928/Lm14"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.TextField(_("title"))
    committee = models.CharField(_("responsible committee"), max_length=300, blank=True)
    rapporteur = models.CharField(_("rapporteur"), max_length=200, blank=True)
    submitters = models.TextField(_("submitters"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    status_label = models.CharField(_("status as printed"), max_length=200, blank=True)
    law_title = models.CharField(_("law it became"), max_length=500, blank=True)
    law_url = models.URLField(_("law text"), max_length=500, blank=True)
    decision_verb = models.CharField(
        _("what the decision does"),
        max_length=20,
        choices=DecisionVerb.choices,
        blank=True,
        help_text=_("Read from the decision text, not from the vote: a 'For' can reject."),
    )
    decision_verb_text = models.CharField(_("verb as printed"), max_length=50, blank=True)
    decision_addressee = models.CharField(
        _("forwarded to"), max_length=300, blank=True, help_text=_("As printed (dative case).")
    )
    decision_text_url = models.URLField(_("decision text"), max_length=500, blank=True)

    class Meta:
        ordering = ["-term", "number"]
        verbose_name = _("bill or decision")
        verbose_name_plural = _("bills and decisions")
        constraints = [models.UniqueConstraint(fields=["number"], name="bill_unique_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"


class BillStage(SourcedModel):
    """One step of a bill through the Saeima, dated, with the vote it happened in if any."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        PRESIDIUM = "presidium", _("Presidium")
        REFERRED = "referred", _("referred to committees")
        COMMITTEE = "committee", _("committee")
        READING_1 = "reading_1", _("first reading")
        READING_2 = "reading_2", _("second reading")
        READING_3 = "reading_3", _("third reading")
        DECISION = "decision", _("decision")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RECONSIDERED = "reconsidered", _("reconsideration (returned by the President)")
        PROCLAIMED = "proclaimed", _("proclaimed")

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=12, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    date = models.DateField(_("date"), null=True, blank=True)
    result = models.CharField(_("result as printed"), max_length=200, blank=True)
    document_numbers = models.CharField(_("documents"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline for proposals"), null=True, blank=True)
    vote = models.ForeignKey(
        "parliament.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bill_stages",
    )
    recorded_at = models.DateTimeField(_("recorded by us"), auto_now_add=True)

    class Meta:
        ordering = ["bill", "sequence", "date"]
        verbose_name = _("bill stage")
        verbose_name_plural = _("bill stages")
        constraints = [
            models.UniqueConstraint(fields=["bill", "kind", "sequence"], name="billstage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bill.number} {self.get_kind_display()} {self.date or ''}"


class Initiative(SourcedModel, TimeStampedModel):
    """A citizen initiative or collective submission (kolektīvais iesniegums), e.g. on ManaBalss.lv."""

    class Source(models.TextChoices):
        MANABALSS = "manabalss", "ManaBalss.lv"
        LATVIJA_LV = "latvija_lv", "latvija.lv"
        SAEIMA = "saeima", _("Saeima (known from its decision)")
        EDITOR = "editor", _("editors (no page of its own)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("collecting signatures")
        SUBMITTED = "submitted", _("submitted to the Saeima")
        FORWARDED = "forwarded", _("forwarded by the Saeima")
        REJECTED = "rejected", _("rejected by the Saeima")
        SHELVED = "shelved", _("left without further action")
        IN_LAW = "in_law", _("included in law")
        CLOSED = "closed", _("closed")
        UNKNOWN = "", _("not given")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    external_id = models.CharField(_("id at the source"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    title = models.TextField(_("title (Latvian)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    title_ru = models.TextField(_("title (Russian)"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    author = models.CharField(_("author or representative"), max_length=300, blank=True)
    addressee = models.CharField(_("addressee"), max_length=300, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    signatures = models.PositiveIntegerField(_("signatures"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    status_label = models.CharField(_("status as printed"), max_length=500, blank=True)
    submitted_on = models.DateField(_("submitted to the Saeima"), null=True, blank=True)
    bills = models.ManyToManyField(
        Bill, through="InitiativeBill", related_name="initiatives", blank=True
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="initiative_unique_source_id"
            ),
        ]

    def __str__(self) -> str:
        return self.title[:100]


class InitiativeBill(models.Model):
    """A link from an initiative to a Saeima bill or decision, confirmed by a person."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Saeima decision on the initiative")
        LED_TO = "led_to", _("led to")
        RELATED = "related", _("related")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="bill_links")
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="initiative_links")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative ↔ bill link")
        verbose_name_plural = _("initiative ↔ bill links")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "bill"], name="initiativebill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.bill.number} ({self.kind})"


class Subscription(TimeStampedModel):
    """Someone following an initiative or a bill: by e-mail (double opt-in) or with an account."""

    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    token = models.CharField(_("secret token"), max_length=64, default=new_token, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=8, blank=True, help_text=_("lv, en or ru")
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(initiative__isnull=False) & Q(bill__isnull=True))
                | (Q(initiative__isnull=True) & Q(bill__isnull=False)),
                name="subscription_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | Q(user__isnull=False), name="subscription_has_subscriber"
            ),
            models.UniqueConstraint(
                fields=["email", "initiative"],
                condition=~Q(email=""),
                name="subscription_unique_email_initiative",
            ),
            models.UniqueConstraint(
                fields=["email", "bill"],
                condition=~Q(email=""),
                name="subscription_unique_email_bill",
            ),
            models.UniqueConstraint(
                fields=["user", "initiative"],
                condition=Q(user__isnull=False),
                name="subscription_unique_user_initiative",
            ),
            models.UniqueConstraint(
                fields=["user", "bill"],
                condition=Q(user__isnull=False),
                name="subscription_unique_user_bill",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email or self.user} → {self.initiative or self.bill}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Event(models.Model):
    """Something new that followers are told about, recorded once when the ingest learns it.

    A new stage of a bill, a changed status of an initiative, an initiative linked to its
    decision or to a bill. `date` is the day the source gives for it (None if it gives none);
    `recorded_at` is when we learned it: nobody is told about an event recorded before they
    followed.
    """

    class Kind(models.TextChoices):
        STAGE = "stage", _("new stage")
        STATUS = "status", _("status changed")
        DECISION = "decision", _("linked to its Saeima decision")
        LINK = "link", _("linked to a bill")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    stage = models.OneToOneField(
        BillStage, on_delete=models.CASCADE, null=True, blank=True, related_name="event"
    )
    date = models.DateField(_("date given by the source"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(bill__isnull=False) | Q(initiative__isnull=False),
                name="event_has_subject",
            ),
            models.CheckConstraint(
                condition=~Q(kind="stage") | Q(stage__isnull=False), name="event_stage_has_stage"
            ),
        ]
        indexes = [models.Index(fields=["recorded_at"])]

    def __str__(self) -> str:
        return self.summary[:100]


class Notification(models.Model):
    """One e-mail about one event to one subscription: the unique row that prevents a second.

    `sent_at` is set when a sender claims the row, before the mail goes out (at most once).
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("why it was not sent"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="notification_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription} · {self.event}"
