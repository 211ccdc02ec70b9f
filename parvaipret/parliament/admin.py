from django.contrib import admin

from parvaipret.parliament.models import (
    Ballot,
    CoalitionPeriod,
    Deputy,
    Faction,
    Membership,
    Sitting,
    Term,
    Vote,
)


class FactionInline(admin.TabularInline):
    model = Faction
    extra = 0
    fields = ("short_name", "name", "colour", "dissolved_on")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("number", "start", "end")
    inlines = [FactionInline]


class CoalitionPeriodInline(admin.TabularInline):
    model = CoalitionPeriod
    extra = 0


@admin.register(Faction)
class FactionAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "term", "colour", "dissolved_on")
    list_filter = ("term",)
    search_fields = ("short_name", "name")
    inlines = [CoalitionPeriodInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("faction",)
    fields = ("term", "faction", "start", "end", "is_substitute", "note")


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "external_id")
    search_fields = ("first_name", "last_name", "external_id")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("deputy", "faction", "term", "start", "end", "is_substitute")
    list_filter = ("term", "faction", "is_substitute")
    search_fields = ("deputy__first_name", "deputy__last_name")
    autocomplete_fields = ("deputy", "faction")


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "term", "external_id")
    list_filter = ("term", "kind")
    date_hierarchy = "date"


class BallotInline(admin.TabularInline):
    model = Ballot
    extra = 0
    autocomplete_fields = ("deputy", "faction")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "motive", "for_count", "against_count", "abstain_count", "outcome")
    list_filter = ("term", "outcome", "reading", "is_secret", "is_candidate_vote")
    search_fields = ("motive", "document_numbers", "external_id")
    date_hierarchy = "timestamp"
    raw_id_fields = ("sitting", "bill")
    inlines = [BallotInline]
