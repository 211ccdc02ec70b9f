"""Bringing outside data in: every run logged, every page's state kept, bad pages quarantined."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScrapeRun(models.Model):
    """One run of one pipeline, with counts of what it did."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("finished")
        PARTIAL = "partial", _("finished with errors")
        FAILED = "failed", _("failed")

    pipeline = models.CharField(_("pipeline"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="running")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    inserted = models.PositiveIntegerField(_("inserted"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("scrape run")
        verbose_name_plural = _("scrape runs")

    def __str__(self) -> str:
        return f"{self.pipeline} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class RunError(models.Model):
    """Something a run could not take in: an unknown deputy, a failed sanity check, a fetch error."""

    run = models.ForeignKey(ScrapeRun, on_delete=models.CASCADE, related_name="errors")
    source = models.CharField(_("source"), max_length=500, help_text=_("URL or file name"))
    kind = models.CharField(_("kind"), max_length=50)
    message = models.TextField(_("message"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("run error")
        verbose_name_plural = _("run errors")

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:80]}"


class QuarantinedPage(models.Model):
    """The raw bytes of a page that failed to parse or failed a sanity check, kept for inspection."""

    run = models.ForeignKey(
        ScrapeRun, on_delete=models.SET_NULL, null=True, related_name="quarantined_pages"
    )
    url = models.CharField(_("source"), max_length=500)
    content = models.BinaryField(_("raw bytes"))
    sha256 = models.CharField(_("sha256"), max_length=64)
    error = models.TextField(_("error"))
    created_at = models.DateTimeField(_("quarantined"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("quarantined page")
        verbose_name_plural = _("quarantined pages")

    def __str__(self) -> str:
        return f"{self.url} ({self.error[:60]})"


class SourcePage(models.Model):
    """What was last seen at a URL, so an unchanged page is skipped (checksum, ETag)."""

    url = models.CharField(_("URL"), max_length=500, unique=True)
    sha256 = models.CharField(_("sha256"), max_length=64)
    etag = models.CharField(_("ETag"), max_length=200, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))
    processed_ok = models.BooleanField(_("processed without errors"), default=False)

    class Meta:
        verbose_name = _("source page")
        verbose_name_plural = _("source pages")

    def __str__(self) -> str:
        return self.url
