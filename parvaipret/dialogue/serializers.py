"""DRF serializers of the dialogue app (shape only; names unique across the project)."""

from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parvaipret.dialogue.models import Response, ResponseReport


class ResponsePublicSerializer(serializers.ModelSerializer):
    """A response as the public sees it: hidden ones carry the moderators' reason, not the text."""

    deputy_name = serializers.SerializerMethodField()
    faction_name = serializers.SerializerMethodField()
    target_type = serializers.SerializerMethodField()
    target_id = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    hidden_notice = serializers.SerializerMethodField()
    edited = serializers.SerializerMethodField()
    helpful_count = serializers.IntegerField(read_only=True)
    unhelpful_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Response
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "faction",
            "faction_name",
            "target_type",
            "target_id",
            "state",
            "text",
            "hidden_notice",
            "edited",
            "helpful_count",
            "unhelpful_count",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_deputy_name(self, obj: Response) -> str | None:
        return obj.deputy.full_name if obj.deputy_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_faction_name(self, obj: Response) -> str | None:
        return obj.faction.name if obj.faction_id else None

    @extend_schema_field(serializers.ChoiceField(choices=["question", "vote", "initiative"]))
    def get_target_type(self, obj: Response) -> str:
        return "question" if obj.question_id else "vote" if obj.vote_id else "initiative"

    def get_target_id(self, obj: Response) -> int:
        return obj.question_id or obj.vote_id or obj.initiative_id

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj: Response) -> str | None:
        return obj.text if obj.state == Response.State.PUBLISHED else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hidden_notice(self, obj: Response) -> str | None:
        if obj.state != Response.State.HIDDEN:
            return None
        return f"{_('hidden by moderators')}: {obj.moderation_reason}"

    def get_edited(self, obj: Response) -> bool:
        return bool(getattr(obj, "revision_count", 0))


class ResponseReactionInputSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()


class ResponseReactionOutputSerializer(serializers.Serializer):
    helpful = serializers.BooleanField(allow_null=True)
    helpful_count = serializers.IntegerField()
    unhelpful_count = serializers.IntegerField()


class ResponseReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ResponseReport.Reason.choices)


class ResponseReportOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
