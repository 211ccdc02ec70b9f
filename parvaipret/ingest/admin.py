from django.contrib import admin

from parvaipret.ingest.models import QuarantinedPage, RunError, ScrapeRun, SourcePage


class RunErrorInline(admin.TabularInline):
    model = RunError
    extra = 0
    readonly_fields = ("source", "kind", "message", "at")
    can_delete = False


@admin.register(ScrapeRun)
class ScrapeRunAdmin(admin.ModelAdmin):
    list_display = (
        "pipeline",
        "started_at",
        "status",
        "inserted",
        "updated",
        "unchanged",
        "failed",
    )
    list_filter = ("pipeline", "status", "dry_run")
    inlines = [RunErrorInline]


@admin.register(QuarantinedPage)
class QuarantinedPageAdmin(admin.ModelAdmin):
    list_display = ("url", "error", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    search_fields = ("url", "error")
    exclude = ("content",)


@admin.register(SourcePage)
class SourcePageAdmin(admin.ModelAdmin):
    list_display = ("url", "fetched_at", "processed_ok")
    search_fields = ("url",)
