from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SourcedModel(models.Model):
    """Provenance of a record that came from outside: where, when, and the page's checksum."""

    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    checksum = models.CharField(_("sha256 of the source page"), max_length=64, blank=True)

    class Meta:
        abstract = True
