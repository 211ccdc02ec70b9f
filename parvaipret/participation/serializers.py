"""DRF serializers of the participation API (names unique across the project)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parvaipret.participation.models import Answer, Question, QuestionVote
from parvaipret.participation.selectors import RespondentResults, TargetResult
from parvaipret.participation.services import SKIP


class QuestionVoteBriefSerializer(serializers.ModelSerializer):
    """The roll call a question stands for; ``polarity`` -1: a "Par" ballot means "no"."""

    motive = serializers.CharField(source="vote.motive")
    timestamp = serializers.DateTimeField(source="vote.timestamp")
    for_count = serializers.IntegerField(source="vote.for_count")
    against_count = serializers.IntegerField(source="vote.against_count")
    abstain_count = serializers.IntegerField(source="vote.abstain_count")
    outcome = serializers.CharField(source="vote.outcome")

    class Meta:
        model = QuestionVote
        fields = [
            "vote",
            "polarity",
            "motive",
            "timestamp",
            "for_count",
            "against_count",
            "abstain_count",
            "outcome",
        ]


class QuestionListSerializer(serializers.ModelSerializer):
    """A published question in the requested language (Latvian where no translation exists)."""

    text = serializers.CharField(source="localized_text")
    explanation = serializers.CharField(source="localized_explanation")
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    votes = QuestionVoteBriefSerializer(source="question_votes", many=True)

    class Meta:
        model = Question
        fields = ["id", "text", "explanation", "topic", "published_at", "votes"]


class AnswerItemInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    choice = serializers.ChoiceField(choices=[*Answer.Choice.values, SKIP])
    importance = serializers.IntegerField(
        min_value=Answer.IMPORTANCE_MIN, max_value=Answer.IMPORTANCE_MAX, default=2
    )


class AnswerInputSerializer(serializers.Serializer):
    """Answers to submit: ``choice`` "skip" removes an earlier answer to that question."""

    answers = AnswerItemInputSerializer(many=True, allow_empty=False)


class AnswerOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "choice", "importance", "updated_at"]


class AnswerSubmitOutputSerializer(serializers.Serializer):
    """The respondent's private ``token`` (send it back in ``X-Respondent-Token``)."""

    token = serializers.UUIDField()
    share_id = serializers.UUIDField()
    created = serializers.BooleanField(help_text="A new respondent was created for this call.")
    answers = AnswerOutputSerializer(many=True, help_text="All the respondent's answers now.")


class TargetScoreSerializer(serializers.Serializer):
    """Agreement in percent (null = n/a: fewer shared questions than ``min_overlap``)."""

    id = serializers.IntegerField()
    label = serializers.CharField()
    name = serializers.CharField()
    faction = serializers.CharField(source="faction_label")
    stated = serializers.FloatField(allow_null=True)
    effective = serializers.FloatField(allow_null=True)
    coverage = serializers.FloatField(allow_null=True)
    overlap = serializers.IntegerField()


class RespondentResultsSerializer(serializers.Serializer):
    term = serializers.IntegerField(source="term.number", allow_null=True)
    view = serializers.CharField()
    min_overlap = serializers.IntegerField()
    answered = serializers.IntegerField()
    scored = serializers.IntegerField()
    factions = TargetScoreSerializer(many=True)
    deputies = TargetScoreSerializer(many=True)
    citizen_point = serializers.SerializerMethodField()

    def get_citizen_point(self, results: RespondentResults) -> list[float] | None:
        """The citizen's (x, y) on the deputies' map, or null."""
        return _citizen_point(results)


def _citizen_point(results: RespondentResults) -> list[float] | None:
    point = results.citizen
    if point is None or not all(map(float.__eq__, point.coords, point.coords)):
        return None
    return [float(v) for v in point.coords]


def respondent_results_data(results: RespondentResults) -> dict[str, Any]:
    """What ``RespondentResultsSerializer`` gives, built directly (same keys, order, values).

    The serializer walks about 1,000 nested fields for the ~120 targets of a term; these plain
    dicts cost a fraction of that. The serializer stays the schema of the response, and a test
    holds the two to the same output.
    """
    return {
        "term": results.term.number if results.term is not None else None,
        "view": results.view,
        "min_overlap": results.min_overlap,
        "answered": results.answered,
        "scored": results.scored,
        "factions": [_target_score(t) for t in results.factions],
        "deputies": [_target_score(t) for t in results.deputies],
        "citizen_point": _citizen_point(results),
    }


def _target_score(target: TargetResult) -> dict[str, Any]:
    """``TargetScoreSerializer``'s fields, in its order."""
    return {
        "id": target.id,
        "label": target.label,
        "name": target.name,
        "faction": target.faction_label,
        "stated": target.stated,
        "effective": target.effective,
        "coverage": target.coverage,
        "overlap": target.overlap,
    }


class RespondentExportAnswerSerializer(serializers.Serializer):
    question_id = serializers.IntegerField()
    question = serializers.CharField(help_text="The question's Latvian wording.")
    vote_ids = serializers.ListField(child=serializers.IntegerField())
    choice = serializers.CharField(help_text="for, against or abstain.")
    importance = serializers.IntegerField(min_value=1, max_value=3)
    answered_at = serializers.DateTimeField()
    changed_at = serializers.DateTimeField()


class RespondentExportInfoSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    on_account = serializers.BooleanField()
    share_answers = serializers.BooleanField()
    share_id = serializers.UUIDField()


class RespondentExportSerializer(serializers.Serializer):
    """Everything stored about the respondent (the private token is left out)."""

    respondent = RespondentExportInfoSerializer()
    answers = RespondentExportAnswerSerializer(many=True)


class RespondentDeleteOutputSerializer(serializers.Serializer):
    deleted_answers = serializers.IntegerField()
