"""Editors write questions for real votes, in lv/en/ru, and publish them (actions call services).

To create a question from a vote, open ``/admin/participation/question/add/?vote=<vote id>``:
the vote is linked and its motive copied into "what was voted on".
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvaipret.core.exceptions import ApplicationError
from parvaipret.parliament.models import Vote
from parvaipret.participation import services
from parvaipret.participation.models import Answer, Question, QuestionVote, Respondent, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "name_ru", "slug")
    prepopulated_fields = {"slug": ("name",)}


class QuestionVoteInline(admin.TabularInline):
    model = QuestionVote
    extra = 1
    raw_id_fields = ("vote",)


def _vote_from_query(request) -> Vote | None:
    raw = request.GET.get("vote", "")
    return Vote.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "topic", "linked_votes", "published_at", "published_by")
    list_filter = ("topic", ("published_at", admin.EmptyFieldListFilter))
    search_fields = ("text", "text_en", "text_ru", "question_votes__vote__motive")
    readonly_fields = ("published_at", "published_by")
    inlines = [QuestionVoteInline]
    actions = ["publish", "unpublish"]
    fieldsets = (
        (_("Question"), {"fields": ("text", "text_en", "text_ru", "topic")}),
        (
            _("What was voted on"),
            {"fields": ("explanation", "explanation_en", "explanation_ru")},
        ),
        (_("Publication"), {"fields": ("published_at", "published_by")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic", "published_by")

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only on the empty add form: on POST an extra form equal to its initial data would
        # count as unchanged and not be saved.
        vote = _vote_from_query(request) if request.method == "GET" and obj.pk is None else None
        if vote is not None and isinstance(inline, QuestionVoteInline):
            kwargs["initial"] = [{"vote": vote.pk, "polarity": 1}]
        return kwargs

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        vote = _vote_from_query(request)
        if vote is not None:
            initial.setdefault("explanation", vote.motive)
        return initial

    @admin.display(description=_("votes"))
    def linked_votes(self, obj: Question) -> int:
        return obj.question_votes.count()

    @admin.action(description=_("Publish the selected questions"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for question in queryset:
            try:
                services.question_publish(question=question, editor=request.user)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%d question published.", "%d questions published.", published)
                % published,
                messages.SUCCESS,
            )

    @admin.action(description=_("Unpublish the selected questions"), permissions=["change"])
    def unpublish(self, request, queryset):
        for question in queryset:
            services.question_unpublish(question=question)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d question unpublished.", "%d questions unpublished.", count) % count,
            messages.SUCCESS,
        )


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "share_answers", "created_at")
    readonly_fields = ("token", "share_id")
    raw_id_fields = ("user",)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("respondent", "question", "choice", "importance", "updated_at")
    list_filter = ("choice", "importance")
    raw_id_fields = ("respondent", "question")
