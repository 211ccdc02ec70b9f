"""Serializers of the open data API (read-only). Names are unique across the project.

A term is referred to by its number (14), as the Saeima does; other records by their id.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parvaipret.legislation.models import Bill, BillStage, Initiative, InitiativeBill
from parvaipret.parliament.models import Ballot, Deputy, Faction, Membership, Term, Vote
from parvaipret.participation.models import Question, QuestionVote


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "start", "end"]
        read_only_fields = fields


class FactionSerializer(serializers.ModelSerializer):
    term = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Faction
        fields = [
            "id",
            "term",
            "short_name",
            "name",
            "aliases",
            "colour",
            "founded_on",
            "dissolved_on",
            "source_url",
        ]
        read_only_fields = fields


class DeputySerializer(serializers.ModelSerializer):
    class Meta:
        model = Deputy
        fields = ["id", "external_id", "first_name", "last_name", "full_name", "wikidata_id"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    term = serializers.SlugRelatedField(slug_field="number", read_only=True)
    deputy_name = serializers.CharField(source="deputy.full_name", read_only=True)
    faction_short_name = serializers.CharField(
        source="faction.short_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "term",
            "deputy",
            "deputy_name",
            "faction",
            "faction_short_name",
            "start",
            "end",
            "is_substitute",
            "note",
        ]
        read_only_fields = fields


class BallotSerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.full_name", read_only=True)
    faction_short_name = serializers.CharField(
        source="faction.short_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Ballot
        fields = ["deputy", "deputy_name", "faction", "faction_short_name", "choice"]
        read_only_fields = fields


VOTE_FIELDS = [
    "id",
    "term",
    "sitting",
    "sitting_date",
    "external_id",
    "opendata_id",
    "number",
    "timestamp",
    "motive",
    "document_numbers",
    "bill",
    "bill_number",
    "reading",
    "is_urgent",
    "is_proposal",
    "is_secret",
    "is_candidate_vote",
    "outcome",
    "outcome_label",
    "for_count",
    "against_count",
    "abstain_count",
    "not_voting_count",
    "source_url",
]


class VoteListSerializer(serializers.ModelSerializer):
    """A roll call; its ``ballots`` only with ``?include=ballots`` (context ``include_ballots``)."""

    term = serializers.SlugRelatedField(slug_field="number", read_only=True)
    sitting_date = serializers.DateField(
        source="sitting.date", read_only=True, default=None, allow_null=True
    )
    bill_number = serializers.CharField(
        source="bill.number", read_only=True, default=None, allow_null=True
    )

    # Not read-only, so that the schema lists it as optional; the serializer is never written.
    ballots = BallotSerializer(many=True, required=False, help_text="Only with ?include=ballots.")

    class Meta:
        model = Vote
        fields = [*VOTE_FIELDS, "ballots"]
        read_only_fields = fields

    def get_fields(self) -> dict:
        fields = super().get_fields()
        if not self.context.get("include_ballots"):
            fields.pop("ballots")
        return fields


class VoteDetailSerializer(serializers.ModelSerializer):
    """A roll call with every deputy's ballot and the faction they sat in at the time."""

    term = serializers.SlugRelatedField(slug_field="number", read_only=True)
    sitting_date = serializers.DateField(
        source="sitting.date", read_only=True, default=None, allow_null=True
    )
    bill_number = serializers.CharField(
        source="bill.number", read_only=True, default=None, allow_null=True
    )
    ballots = BallotSerializer(many=True, read_only=True)

    class Meta:
        model = Vote
        fields = [*VOTE_FIELDS, "ballots"]
        read_only_fields = fields


class BillStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = BillStage
        fields = ["kind", "sequence", "date", "result", "document_numbers", "deadline", "vote"]
        read_only_fields = fields


class BillSerializer(serializers.ModelSerializer):
    term = serializers.SlugRelatedField(slug_field="number", read_only=True)
    stages = BillStageSerializer(many=True, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "id",
            "term",
            "number",
            "kind",
            "title",
            "committee",
            "rapporteur",
            "submitters",
            "status",
            "status_label",
            "law_title",
            "law_url",
            "source_url",
            "stages",
        ]
        read_only_fields = fields


class InitiativeBillLinkSerializer(serializers.ModelSerializer):
    bill_number = serializers.CharField(source="bill.number", read_only=True)

    class Meta:
        model = InitiativeBill
        fields = ["bill", "bill_number", "kind", "note", "confirmed_at"]
        read_only_fields = fields


class InitiativeSerializer(serializers.ModelSerializer):
    bill_links = InitiativeBillLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "source",
            "external_id",
            "url",
            "title",
            "title_en",
            "title_ru",
            "summary",
            "author",
            "addressee",
            "published_on",
            "signatures",
            "threshold",
            "status",
            "status_label",
            "submitted_on",
            "bill_links",
        ]
        read_only_fields = fields


class QuestionVoteLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionVote
        fields = ["vote", "polarity"]
        read_only_fields = fields


class AnswerTotalsSerializer(serializers.Serializer):
    """Totals of citizens' answers; the per-choice counts are null below ``min_answers``."""

    total = serializers.IntegerField()
    shown = serializers.BooleanField()
    min_answers = serializers.IntegerField()
    for_ = serializers.IntegerField(allow_null=True)
    against = serializers.IntegerField(allow_null=True)
    abstain = serializers.IntegerField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["for"] = fields.pop("for_")
        return fields


class QuestionResultSerializer(serializers.ModelSerializer):
    """A published question with the totals of citizens' answers (never an individual answer)."""

    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    votes = QuestionVoteLinkSerializer(source="question_votes", many=True, read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "text", "text_en", "text_ru", "topic", "published_at", "votes", "answers"]
        read_only_fields = fields

    @extend_schema_field(AnswerTotalsSerializer)
    def get_answers(self, question: Question) -> dict:
        from parvaipret.insights.selectors import PUBLIC_MIN_ANSWERS

        shown = question.answers_total >= PUBLIC_MIN_ANSWERS  # annotated by the view
        return {
            "total": question.answers_total,
            "shown": shown,
            "min_answers": PUBLIC_MIN_ANSWERS,
            "for": question.answers_for if shown else None,
            "against": question.answers_against if shown else None,
            "abstain": question.answers_abstain if shown else None,
        }


# -- figures --------------------------------------------------------------------------------------


class FigureFactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    short_name = serializers.CharField()
    name = serializers.CharField()
    colour = serializers.CharField()


class FigureFiltersSerializer(serializers.Serializer):
    term = serializers.IntegerField(help_text="Saeima number.")
    period = serializers.ChoiceField(choices=["term", "year", "month", "custom"])
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    topic = serializers.CharField(allow_null=True)
    view = serializers.ChoiceField(choices=["stated", "effective"])


class AlignmentFigureSerializer(serializers.Serializer):
    """Faction × faction agreement: ``agreement[i][j]`` in [0, 1] between ``factions[i]`` and
    ``factions[j]`` over ``shared_votes[i][j]`` votes; null below ``min_overlap``."""

    filters = FigureFiltersSerializer()
    votes = serializers.IntegerField(help_text="Selected votes (secret ballots not counted).")
    min_overlap = serializers.IntegerField()
    factions = FigureFactionSerializer(many=True)
    agreement = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(allow_null=True))
    )
    shared_votes = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField())
    )


class CohesionMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    agreement_index = serializers.FloatField(allow_null=True)
    votes = serializers.IntegerField()
    coalition = serializers.BooleanField(allow_null=True)


class CohesionFactionSerializer(serializers.Serializer):
    faction = FigureFactionSerializer()
    mean = serializers.FloatField(allow_null=True, help_text="Mean Agreement Index (0–1).")
    votes = serializers.IntegerField()
    mean_members = serializers.FloatField(allow_null=True)
    small = serializers.BooleanField(help_text="Fewer than 4 members on average: says little.")
    months = CohesionMonthSerializer(many=True)


class CohesionFigureSerializer(serializers.Serializer):
    filters = FigureFiltersSerializer()
    votes = serializers.IntegerField()
    coalition_loaded = serializers.BooleanField(
        help_text="False when no coalition periods are loaded: coalition is then null."
    )
    factions = CohesionFactionSerializer(many=True)


class ExportFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()
    size = serializers.IntegerField(help_text="Bytes.")
    generated_at = serializers.DateTimeField()
    format = serializers.ChoiceField(choices=["csv", "json"])
    term = serializers.IntegerField(allow_null=True, help_text="Saeima number; null for all.")
    description = serializers.CharField()
