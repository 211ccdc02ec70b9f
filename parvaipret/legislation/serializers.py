"""Serializers of the legislation-specific API: timelines and following."""

from rest_framework import serializers


class TimelineFactionPositionSerializer(serializers.Serializer):
    faction_id = serializers.IntegerField(allow_null=True)
    faction = serializers.CharField(source="short_name", help_text="Empty for the unaffiliated.")
    position = serializers.ChoiceField(
        choices=["for", "against", "abstain", "did_not_vote", "split"],
        help_text="The choice most of the faction's ballots made.",
    )
    for_count = serializers.IntegerField()
    against_count = serializers.IntegerField()
    abstain_count = serializers.IntegerField()
    did_not_vote_count = serializers.IntegerField()


class TimelineVoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    timestamp = serializers.DateTimeField()
    motive = serializers.CharField()
    for_count = serializers.IntegerField()
    against_count = serializers.IntegerField()
    abstain_count = serializers.IntegerField()
    outcome_label = serializers.CharField(help_text="As the agenda prints it; may be empty.")
    source_url = serializers.CharField()


class TimelineEventSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable within the timeline (the page's #anchor).")
    kind = serializers.CharField(
        help_text="published, signatures, submitted, decision, committee, or a bill stage: "
        "submitted, presidium, referred, reading_1, reading_2, reading_3, decision, "
        "reconsidered, proclaimed."
    )
    label = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="Null when the source gives none.")
    detail = serializers.CharField(help_text="The result or verb as printed, a count, …")
    source_url = serializers.CharField(
        help_text="Where the step was read: a web page or an import file row."
    )
    bill_number = serializers.SerializerMethodField()
    verb = serializers.CharField(
        help_text="A decision's verb (forward, reject, no_further_action) read from its text; "
        "empty when not known. The vote's For/Against does not say it."
    )
    documents = serializers.CharField(help_text="The stage's document numbers, as printed.")
    vote = TimelineVoteSerializer(allow_null=True)
    positions = TimelineFactionPositionSerializer(many=True)

    def get_bill_number(self, event) -> str | None:
        return event.bill.number if event.bill is not None else None


class FollowInputSerializer(serializers.Serializer):
    bill = serializers.IntegerField(required=False, help_text="Id of the bill to follow.")
    initiative = serializers.IntegerField(required=False, help_text="Id of the initiative.")
    email = serializers.EmailField(
        required=False, help_text="Needed unless signed in; a confirmation e-mail is sent."
    )

    def validate(self, attrs):
        if ("bill" in attrs) == ("initiative" in attrs):
            raise serializers.ValidationError("give exactly one of bill, initiative")
        return attrs


class FollowOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["following", "confirmation_sent"],
        help_text="following: signed in, active now; confirmation_sent: check the mailbox "
        "(the same answer whether or not the address already follows).",
    )
