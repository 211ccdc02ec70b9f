"""django-filter FilterSets of the open data API.

Conventions: ``term`` is the Saeima's number (14); ``date_from`` / ``date_to`` are inclusive ISO
dates (a vote's local Riga date, a bill's stage dates, a membership's period); other references
are ids (``faction``, ``deputy``) or the source's own numbers (``bill=1292/Lp14``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

import django_filters

from parvaipret.legislation.models import Bill, BillStage, Initiative
from parvaipret.parliament.models import Deputy, Faction, Membership, Vote
from parvaipret.participation.models import Question

TERM_HELP = "Saeima number, e.g. 14."


# SQLite and PostgreSQL store ids as signed 64-bit integers: a larger number is a client error.
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1


class IdNumberFilter(django_filters.NumberFilter):
    """A whole number within the database's integer range (400 otherwise, never a 500)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", DB_INT_MIN)
        kwargs.setdefault("max_value", DB_INT_MAX)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class FactionFilter(django_filters.FilterSet):
    term = IdNumberFilter(field_name="term__number", help_text=TERM_HELP)
    short_name = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Faction
        fields = ["term", "short_name"]


class DeputyFilter(django_filters.FilterSet):
    term = IdNumberFilter(
        field_name="memberships__term__number", distinct=True, help_text=TERM_HELP
    )
    faction = IdNumberFilter(
        field_name="memberships__faction", distinct=True, help_text="Ever a member (faction id)."
    )
    external_id = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Deputy
        fields = ["term", "faction", "external_id"]


class MembershipFilter(django_filters.FilterSet):
    term = IdNumberFilter(field_name="term__number", help_text=TERM_HELP)
    date_from = django_filters.DateFilter(
        method="filter_date_from", help_text="Memberships still running on or after this date."
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to", help_text="Memberships begun on or before this date."
    )

    class Meta:
        model = Membership
        fields = ["term", "faction", "deputy", "is_substitute", "date_from", "date_to"]

    def filter_date_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(end__isnull=True) | Q(end__gte=value))

    def filter_date_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(Q(start__isnull=True) | Q(start__lte=value))


class VoteFilter(django_filters.FilterSet):
    term = IdNumberFilter(field_name="term__number", help_text=TERM_HELP)
    date_from = django_filters.DateFilter(field_name="timestamp__date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="timestamp__date", lookup_expr="lte")
    bill = django_filters.CharFilter(
        field_name="bill__number", lookup_expr="iexact", help_text="Bill number, e.g. 1292/Lp14."
    )
    reading = django_filters.ChoiceFilter(choices=Vote.Reading.choices)
    outcome = django_filters.ChoiceFilter(choices=Vote.Outcome.choices)
    deputy = IdNumberFilter(
        field_name="ballots__deputy", distinct=True, help_text="Votes with a ballot of this deputy."
    )
    faction = IdNumberFilter(
        field_name="ballots__faction",
        distinct=True,
        help_text="Votes in which a member of this faction cast a ballot.",
    )

    class Meta:
        model = Vote
        fields = [
            "term",
            "sitting",
            "date_from",
            "date_to",
            "bill",
            "reading",
            "outcome",
            "is_secret",
            "is_candidate_vote",
            "deputy",
            "faction",
        ]


class BillFilter(django_filters.FilterSet):
    term = IdNumberFilter(field_name="term__number", help_text=TERM_HELP)
    number = django_filters.CharFilter(lookup_expr="iexact", help_text="e.g. 1292/Lp14")
    stage = django_filters.ChoiceFilter(
        field_name="stages__kind",
        choices=BillStage.Kind.choices,
        distinct=True,
        help_text="Bills that reached this stage (e.g. reading_2).",
    )
    date_from = django_filters.DateFilter(
        field_name="stages__date",
        lookup_expr="gte",
        distinct=True,
        help_text="A stage on or after.",
    )
    date_to = django_filters.DateFilter(
        field_name="stages__date",
        lookup_expr="lte",
        distinct=True,
        help_text="A stage on or before.",
    )

    class Meta:
        model = Bill
        fields = ["term", "number", "kind", "status", "stage", "date_from", "date_to"]


class InitiativeFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    bill = django_filters.CharFilter(
        field_name="bills__number", lookup_expr="iexact", distinct=True, help_text="Linked bill."
    )

    class Meta:
        model = Initiative
        fields = ["source", "status", "date_from", "date_to", "bill"]


class QuestionResultFilter(django_filters.FilterSet):
    term = IdNumberFilter(field_name="votes__term__number", distinct=True, help_text=TERM_HELP)
    topic = django_filters.CharFilter(field_name="topic__slug", help_text="Topic slug.")
    vote = IdNumberFilter(field_name="votes", distinct=True, help_text="Vote id.")
    date_from = django_filters.DateFilter(field_name="published_at__date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="published_at__date", lookup_expr="lte")

    class Meta:
        model = Question
        fields = ["term", "topic", "vote", "date_from", "date_to"]
