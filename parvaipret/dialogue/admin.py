from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from parvaipret.core.exceptions import ApplicationError
from parvaipret.dialogue import services
from parvaipret.dialogue.models import (
    DeputyAccount,
    DeputyFollow,
    DigestSubscription,
    Response,
    ResponseReaction,
    ResponseReport,
    ResponseRevision,
    VerificationEvent,
)


class VerificationEventInline(admin.TabularInline):
    model = VerificationEvent
    extra = 0
    readonly_fields = ("status", "actor", "note", "at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _apply_to_each(modeladmin, request, queryset, service, done_message):
    """Call the service on each selected row; say what worked and what did not."""
    done = 0
    for obj in queryset:
        try:
            service(obj, request.user)
        except (ApplicationError, PermissionDenied) as error:
            messages.warning(request, f"{obj}: {getattr(error, 'message', error)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, messages.SUCCESS)


@admin.register(DeputyAccount)
class DeputyAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "deputy", "faction", "status", "verified_by", "verified_at")
    list_filter = ("status",)
    search_fields = ("user__username", "user__email", "deputy__last_name", "faction__short_name")
    raw_id_fields = ("user", "deputy", "faction")
    # Status changes only through the actions below, so each one leaves a VerificationEvent.
    readonly_fields = ("status", "verified_by", "verified_at")
    inlines = [VerificationEventInline]
    actions = ["verify", "reject", "revoke"]

    @admin.action(description=_("Verify the selected accounts"), permissions=["change"])
    def verify(self, request, queryset):
        _apply_to_each(
            self,
            request,
            queryset,
            lambda a, u: services.deputy_account_verify(account=a, actor=u, note="admin action"),
            ngettext_lazy("%(n)d account verified.", "%(n)d accounts verified.", "n"),
        )

    @admin.action(description=_("Reject the selected accounts"), permissions=["change"])
    def reject(self, request, queryset):
        _apply_to_each(
            self,
            request,
            queryset,
            lambda a, u: services.deputy_account_reject(account=a, actor=u, note="admin action"),
            ngettext_lazy("%(n)d account rejected.", "%(n)d accounts rejected.", "n"),
        )

    @admin.action(description=_("Revoke the selected accounts"), permissions=["change"])
    def revoke(self, request, queryset):
        _apply_to_each(
            self,
            request,
            queryset,
            lambda a, u: services.deputy_account_revoke(account=a, actor=u, note="admin action"),
            ngettext_lazy("%(n)d account revoked.", "%(n)d accounts revoked.", "n"),
        )


class ResponseRevisionInline(admin.TabularInline):
    model = ResponseRevision
    extra = 0
    readonly_fields = ("text", "edited_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ResponseReportInline(admin.TabularInline):
    model = ResponseReport
    extra = 0
    readonly_fields = ("user", "reason", "created_at", "resolved_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HideReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown to the public"), max_length=services.MODERATION_REASON_MAX_LENGTH
    )


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("deputy", "faction", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("text", "deputy__last_name", "faction__short_name")
    raw_id_fields = ("account", "deputy", "faction", "question", "vote", "initiative")
    # Text and state change only through services (edits keep revisions; moderation keeps who).
    readonly_fields = ("text", "state", "moderation_reason", "moderated_by", "moderated_at")
    inlines = [ResponseRevisionInline, ResponseReportInline]
    actions = ["hide", "restore"]

    def has_add_permission(self, request):
        return False  # deputies post through their office page, as themselves

    @admin.action(description=_("Hide the selected responses (asks for a reason)"))
    def hide(self, request, queryset):
        form = HideReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            _apply_to_each(
                self,
                request,
                queryset,
                lambda r, u: services.response_moderate(
                    response=r, decision="hide", moderator=u, reason=form.cleaned_data["reason"]
                ),
                ngettext_lazy("%(n)d response hidden.", "%(n)d responses hidden.", "n"),
            )
            return None
        return TemplateResponse(
            request,
            "admin/dialogue/hide_responses.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Hide responses"),
                "form": form,
                "queryset": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Restore the selected hidden responses"))
    def restore(self, request, queryset):
        _apply_to_each(
            self,
            request,
            queryset,
            lambda r, u: services.response_moderate(response=r, decision="restore", moderator=u),
            ngettext_lazy("%(n)d response restored.", "%(n)d responses restored.", "n"),
        )


@admin.register(ResponseReport)
class ResponseReportAdmin(admin.ModelAdmin):
    list_display = ("response", "user", "reason", "created_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    raw_id_fields = ("response", "user")


@admin.register(ResponseReaction)
class ResponseReactionAdmin(admin.ModelAdmin):
    list_display = ("response", "user", "helpful", "updated_at")
    list_filter = ("helpful",)
    raw_id_fields = ("response", "user")


@admin.register(DeputyFollow)
class DeputyFollowAdmin(admin.ModelAdmin):
    list_display = ("user", "deputy", "created_at")
    raw_id_fields = ("user", "deputy")


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("account", "is_active", "last_sent_at")
    list_filter = ("is_active",)
    raw_id_fields = ("account",)
