"""Atom feeds of an initiative's and a bill's timeline (`/initiatives/<id>/feed/`).

Each step is an entry: `published` is the step's own date when the source gives one (none
otherwise, never a guess); `updated` is when we recorded it, which Atom requires of every entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from parvaipret.legislation import selectors
from parvaipret.legislation.models import Bill, Initiative
from parvaipret.legislation.selectors import TimelineEvent
from parvaipret.legislation.services import absolute_url


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A timeline step with the page it belongs to (feeds are shared between requests)."""

    event: TimelineEvent
    page: str
    updated: dt.datetime


def _midnight(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


class _TimelineFeed(Feed):
    feed_type = Atom1Feed
    item_guid_is_permalink = False
    page_name = ""

    def timeline(self, obj) -> list[TimelineEvent]:
        raise NotImplementedError

    def link(self, obj) -> str:
        return reverse(self.page_name, args=[obj.pk])

    def items(self, obj) -> list[FeedEntry]:
        page = self.link(obj)
        return [
            FeedEntry(event=event, page=page, updated=obj.updated_at)
            for event in reversed(self.timeline(obj))
        ]

    def item_title(self, item: FeedEntry) -> str:
        event = item.event
        title = f"{event.bill.number}: {event.label}" if event.bill else event.label
        return f"{title} — {event.detail}" if event.detail else title

    def item_description(self, item: FeedEntry) -> str:
        event = item.event
        parts = [
            event.date.strftime("%d.%m.%Y") if event.date else _("date not given by the source")
        ]
        if event.vote is not None:
            parts.append(
                _("vote: %(for)d for, %(against)d against, %(abstain)d abstained")
                % {
                    "for": event.vote.for_count,
                    "against": event.vote.against_count,
                    "abstain": event.vote.abstain_count,
                }
            )
        if event.source_url:
            parts.append(_("source: %(source)s") % {"source": event.source_url})
        return " · ".join(parts)

    def item_link(self, item: FeedEntry) -> str:
        return f"{item.page}#{item.event.key}"

    def item_guid(self, item: FeedEntry) -> str:
        """An absolute, stable IRI (Atom ids must not be relative): the step's anchor."""
        return f"{absolute_url(item.page)}#{item.event.key}"

    def item_pubdate(self, item: FeedEntry) -> dt.datetime | None:
        return _midnight(item.event.date)

    def item_updateddate(self, item: FeedEntry) -> dt.datetime:
        return item.event.recorded_at or item.updated


class InitiativeFeed(_TimelineFeed):
    page_name = "legislation:initiative_detail"

    def get_object(self, request, pk: int) -> Initiative:
        initiative = selectors.initiative_get(pk=pk)
        if initiative is None:
            raise Http404
        return initiative

    def title(self, obj: Initiative) -> str:
        return obj.title

    def subtitle(self, obj: Initiative) -> str:
        return _(
            "From the initiative to the Saeima's decision and the law: every step, dated "
            "and sourced."
        )

    def timeline(self, obj: Initiative) -> list[TimelineEvent]:
        return selectors.initiative_timeline(initiative=obj)


class BillFeed(_TimelineFeed):
    page_name = "legislation:bill_detail"

    def get_object(self, request, pk: int) -> Bill:
        bill = selectors.bill_get(pk=pk)
        if bill is None:
            raise Http404
        return bill

    def title(self, obj: Bill) -> str:
        return f"{obj.number} {obj.title}"

    def subtitle(self, obj: Bill) -> str:
        return _("Every stage of the bill in the Saeima, with its vote.")

    def timeline(self, obj: Bill) -> list[TimelineEvent]:
        return selectors.bill_timeline(bill=obj)
