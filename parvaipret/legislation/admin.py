"""Editors' admin: bills and their stages, initiatives with suggested Saeima decisions (an
editor confirms them), links, subscriptions, and the events and e-mails sent (read-only)."""

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from parvaipret.legislation import selectors, services
from parvaipret.legislation.models import (
    Bill,
    BillStage,
    Event,
    Initiative,
    InitiativeBill,
    Notification,
    Subscription,
)


class BillStageInline(admin.TabularInline):
    model = BillStage
    extra = 0
    raw_id_fields = ("vote",)
    fields = ("sequence", "kind", "date", "result", "document_numbers", "deadline", "vote")


class InitiativeBillInline(admin.TabularInline):
    model = InitiativeBill
    extra = 0
    raw_id_fields = ("bill", "initiative")
    readonly_fields = ("confirmed_by", "confirmed_at")


URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("number", "title", "kind", "status", "decision_verb", "committee")
    list_filter = ("term", "kind", "status", "decision_verb")
    search_fields = ("number", "title")
    inlines = [BillStageInline, InitiativeBillInline]
    actions = ["link_votes"]

    @admin.action(description=_("Link roll calls to the bill and its stages"))
    def link_votes(self, request: HttpRequest, queryset) -> None:
        votes = stages = 0
        for bill in queryset:
            linked_votes, linked_stages = services.bill_link_votes(bill=bill)
            votes += linked_votes
            stages += linked_stages
        self.message_user(
            request,
            _("%(votes)d roll calls linked to bills, %(stages)d stages to roll calls.")
            % {"votes": votes, "stages": stages},
        )


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "source", "signatures", "status", "published_on")
    list_filter = ("source", "status")
    search_fields = ("title", "external_id", "author")
    inlines = [InitiativeBillInline]
    readonly_fields = ("decision_suggestions",)
    actions = ["confirm_best_decision"]

    @admin.display(description=_("Suggested Saeima decisions"))
    def decision_suggestions(self, obj: Initiative) -> str:
        if obj.pk is None:
            return "—"
        suggestions = selectors.initiative_decision_suggestions(initiative=obj)
        if not suggestions:
            return _("No decision on a collective submission matches the title.")
        url = reverse("admin:legislation_initiative_confirm_decision", args=[obj.pk])
        rows = format_html_join(
            "",
            "<li>{} — “{}”, {} signatures (score {}) "
            '<button type="submit" formaction="{}" formmethod="post" name="bill" value="{}">'
            "{}</button></li>",
            (
                (
                    s.bill.number,
                    s.initiative_title,
                    s.signatures,
                    f"{s.score:.2f}",
                    url,
                    s.bill.pk,
                    _("Confirm: this is its decision"),
                )
                for s in suggestions
            ),
        )
        return format_html(
            "<ul>{}</ul><p class='help'>{}</p>",
            rows,
            _(
                "By title and signature count; a suggestion only. Confirming records the link "
                "with your name. Save other changes first."
            ),
        )

    def get_urls(self):
        confirm = self.admin_site.admin_view(require_POST(self.confirm_decision_view))
        return [
            path(
                "<int:pk>/confirm-decision/",
                confirm,
                name="legislation_initiative_confirm_decision",
            ),
            *super().get_urls(),
        ]

    def confirm_decision_view(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        initiative = get_object_or_404(Initiative, pk=pk)
        change_url = reverse("admin:legislation_initiative_change", args=[pk])
        if not self.has_change_permission(request, initiative):
            messages.error(request, _("You may not change this initiative."))
            return HttpResponseRedirect(change_url)
        bill = get_object_or_404(Bill, pk=request.POST.get("bill"), kind=Bill.Kind.DECISION)
        services.initiative_link_bill(
            initiative=initiative,
            bill=bill,
            kind=InitiativeBill.Kind.DECISION,
            confirmed_by=request.user,
            note="confirmed from the suggestions",
        )
        messages.success(request, _("Linked to %(number)s.") % {"number": bill.number})
        return HttpResponseRedirect(change_url)

    @admin.action(description=_("Confirm the best suggested Saeima decision"))
    def confirm_best_decision(self, request: HttpRequest, queryset) -> None:
        linked = 0
        for initiative in queryset:
            suggestions = selectors.initiative_decision_suggestions(initiative=initiative, limit=1)
            if suggestions:
                services.initiative_link_bill(
                    initiative=initiative,
                    bill=suggestions[0].bill,
                    kind=InitiativeBill.Kind.DECISION,
                    confirmed_by=request.user,
                    note="confirmed from the suggestions",
                )
                linked += 1
        self.message_user(request, _("%(count)d initiatives linked.") % {"count": linked})

    def save_model(self, request, obj: Initiative, form, change: bool) -> None:
        before = form.initial.get("status", "") if change else obj.status
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            services.initiative_status_changed(initiative=obj, before=before)

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not InitiativeBill:
            super().save_formset(request, form, formset, change)
            return
        links = formset.save(commit=False)
        for link in formset.deleted_objects:
            link.delete()
        for link in links:
            if link.pk is None:
                services.initiative_link_bill(
                    initiative=link.initiative,
                    bill=link.bill,
                    kind=link.kind,
                    confirmed_by=request.user,
                    note=link.note,
                )
            else:
                link.save()
        formset.save_m2m()


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "user", "initiative", "bill", "confirmed_at", "unsubscribed_at")
    list_filter = ("confirmed_at", "unsubscribed_at")
    search_fields = ("email",)
    raw_id_fields = ("user", "initiative", "bill")
    exclude = ("token",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "kind", "summary", "date")
    list_filter = ("kind",)
    search_fields = ("summary",)
    date_hierarchy = "recorded_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subscription", "event", "sent_at", "error")
    list_filter = ("sent_at",)
    raw_id_fields = ("subscription", "event")
