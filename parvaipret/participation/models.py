"""Citizens answer the Saeima's own questions: Question, Respondent, Answer."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parvaipret.core.models import TimeStampedModel


class Topic(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name (Latvian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return localized(self, "name")


class Question(TimeStampedModel):
    """A plain-language question put to citizens, standing for one or more roll calls."""

    public_id = models.UUIDField(
        _("public id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable across databases: the key of the question in data dumps."),
    )
    text = models.TextField(_("question (Latvian)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    text_ru = models.TextField(_("question (Russian)"), blank=True)
    explanation = models.TextField(_("what was voted on (Latvian)"), blank=True)
    explanation_en = models.TextField(_("what was voted on (English)"), blank=True)
    explanation_ru = models.TextField(_("what was voted on (Russian)"), blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    votes = models.ManyToManyField(
        "parliament.Vote", through="QuestionVote", related_name="questions"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def localized_text(self) -> str:
        return localized(self, "text")

    @property
    def localized_explanation(self) -> str:
        return localized(self, "explanation")


class QuestionVote(models.Model):
    """Which roll call a question stands for, and which way round.

    `polarity` is +1 when a "Par" ballot means "yes" to the question, −1 when it means "no"
    (a decision to reject a collective submission, for example).
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="question_votes")
    vote = models.ForeignKey("parliament.Vote", on_delete=models.PROTECT, related_name="+")
    polarity = models.SmallIntegerField(_("polarity"), default=1)

    class Meta:
        verbose_name = _("question's vote")
        verbose_name_plural = _("question's votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "vote"], name="questionvote_unique"),
            models.CheckConstraint(condition=Q(polarity__in=[1, -1]), name="questionvote_polarity"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} ↔ vote {self.vote_id} ({self.polarity:+d})"


class Respondent(TimeStampedModel):
    """Whoever answers: an anonymous browser (a private token in a cookie) or an account."""

    token = models.UUIDField(_("private token"), default=uuid.uuid4, unique=True, editable=False)
    share_id = models.UUIDField(
        _("public share id"), default=uuid.uuid4, unique=True, editable=False
    )
    share_answers = models.BooleanField(_("show answers on the shared page"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="respondent",
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return f"respondent {self.pk}"


class Answer(TimeStampedModel):
    """A respondent's answer to a question; exactly one per respondent and question."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstain")

    IMPORTANCE_MIN = 1
    IMPORTANCE_MAX = 3

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    importance = models.PositiveSmallIntegerField(
        _("importance"),
        default=2,
        validators=[MinValueValidator(IMPORTANCE_MIN), MaxValueValidator(IMPORTANCE_MAX)],
        help_text=_("1 = a little, 2 = normal, 3 = very important"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=3),
                name="answer_importance_range",
            ),
            models.CheckConstraint(
                condition=Q(choice__in=["for", "against", "abstain"]), name="answer_choice_valid"
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.respondent} · {self.question_id} · {self.choice}"


def localized(obj: models.Model, field: str) -> str:
    """The field in the active language, falling back to Latvian (the source language)."""
    lang = (get_language() or "lv")[:2]
    if lang in ("en", "ru"):
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return value
    return getattr(obj, field)
