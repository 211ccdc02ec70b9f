"""The dashboards' filters: a GET form whose values make every page linkable and citable.

Parameters (all optional): ``term`` (the Saeima's number, e.g. 14; default the newest term),
``period`` (``term``, ``year``, ``month`` or ``custom``; inferred from the other fields when left
out), ``year`` (2025), ``month`` (2025-03), ``start`` and ``end`` (ISO dates, custom period,
either may be empty), ``topic`` (a topic's slug: votes behind published questions on it) and
``view`` (``stated``: abstaining is half-way; ``effective``: abstaining counts as against).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from parvaipret.core.versions import digest
from parvaipret.parliament.models import Term
from parvaipret.participation.models import Topic

Period = Literal["term", "year", "month", "custom"]
View = Literal["stated", "effective"]

PERIOD_CHOICES: Final = [
    ("term", _("whole term")),
    ("year", _("year")),
    ("month", _("month")),
    ("custom", _("custom dates")),
]
VIEW_CHOICES: Final = [
    ("stated", _("as stated (abstaining is half-way)")),
    ("effective", _("effective (abstaining counts as against)")),
]
YEAR_REQUIRED: Final = _("Choose a year.")
MONTH_REQUIRED: Final = _("Choose a month (YYYY-MM).")
DATES_REQUIRED: Final = _("Give a start date, an end date or both.")
END_BEFORE_START: Final = _("The end date is before the start date.")
MONTH_FORMAT: Final = _("Give the month as YYYY-MM.")
NO_SUCH_TERM: Final = _("There is no such Saeima term.")
NO_SUCH_TOPIC: Final = _("There is no such topic.")


@dataclass(frozen=True)
class DashboardFilters:
    """What a dashboard shows: a term, a period within it (inclusive dates), a topic, a view."""

    term: Term
    period: Period = "term"
    start: dt.date | None = None
    end: dt.date | None = None
    year: int | None = None
    month: str | None = None
    topic: Topic | None = None
    view: View = "stated"

    @property
    def token(self) -> str:
        """A short stable digest of the filters, for cache keys."""
        topic = self.topic.pk if self.topic else ""
        return digest(self.term.pk, self.period, self.start, self.end, topic, self.view)[:16]

    def params(self) -> dict[str, str]:
        """The GET parameters that reproduce these filters (defaults left out)."""
        params: dict[str, str] = {"term": str(self.term.number)}
        if self.period == "year":
            params |= {"period": "year", "year": str(self.year)}
        elif self.period == "month":
            params |= {"period": "month", "month": str(self.month)}
        elif self.period == "custom":
            params["period"] = "custom"
            if self.start:
                params["start"] = self.start.isoformat()
            if self.end:
                params["end"] = self.end.isoformat()
        if self.topic is not None:
            params["topic"] = self.topic.slug
        if self.view != "stated":
            params["view"] = self.view
        return params

    @property
    def querystring(self) -> str:
        return urlencode(self.params())


class DashboardFilterForm(forms.Form):
    term = forms.TypedChoiceField(label=_("Saeima"), coerce=int, required=False, choices=())
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1993, max_value=2100, required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=())
    view = forms.ChoiceField(label=_("Abstentions"), choices=VIEW_CHOICES, required=False)

    def __init__(self, *args, fixed_term: Term | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_term = fixed_term
        self.terms = list(Term.objects.order_by("-number"))  # a handful of rows, read once
        self.fields["term"].choices = [
            (term.number, f"{term.number}. Saeima") for term in self.terms
        ]
        if fixed_term is not None:
            self.fields["term"].disabled = True
            self.fields["term"].initial = fixed_term.number
        self.fields["topic"].choices = [("", _("all votes"))] + [
            (topic.slug, topic.localized_name) for topic in Topic.objects.order_by("name")
        ]

    def render_key(self) -> str | None:
        """What the rendered fields depend on, for caching their HTML: the submitted values, the
        term and topic choices (in the active language) and a fixed term. None while the form
        has errors (those are rendered afresh)."""
        if not self.is_bound or self.errors:
            return None
        values = [
            (
                name,
                self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name),
            )
            for name in self.fields
        ]
        choices = [
            self.fields["term"].choices,
            [(k, str(v)) for k, v in self.fields["topic"].choices],
        ]
        fixed = self.fixed_term.pk if self.fixed_term is not None else None
        return digest(values, choices, fixed)

    def clean_month(self) -> str:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return ""
        try:
            dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError(MONTH_FORMAT) from None
        return value

    def clean(self) -> dict:
        data = super().clean()
        period = data.get("period") or self._inferred_period(data)
        data["period"] = period
        if period == "year" and not data.get("year"):
            self.add_error("year", YEAR_REQUIRED)
        if period == "month" and not data.get("month") and "month" not in self.errors:
            self.add_error("month", MONTH_REQUIRED)
        if period == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None and end is None and not {"start", "end"} & set(self.errors):
                self.add_error("start", DATES_REQUIRED)
            if start and end and end < start:
                self.add_error("end", END_BEFORE_START)
        return data

    def _term(self, number: int | None) -> Term | None:
        """The chosen term, or the newest."""
        if not number:
            return self.terms[0] if self.terms else None
        return next((term for term in self.terms if term.number == number), None)

    @staticmethod
    def _inferred_period(data: dict) -> Period:
        if data.get("month"):
            return "month"
        if data.get("year"):
            return "year"
        if data.get("start") or data.get("end"):
            return "custom"
        return "term"

    def filters(self) -> DashboardFilters | None:
        """The validated filters, or None with errors on the form (also when there is no term)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        term = self.fixed_term or self._term(data.get("term"))
        if term is None:
            self.add_error("term" if data.get("term") else None, NO_SUCH_TERM)
            return None
        topic = None
        if data.get("topic"):
            topic = Topic.objects.filter(slug=data["topic"]).first()
            if topic is None:
                self.add_error("topic", NO_SUCH_TOPIC)
                return None
        period: Period = data["period"]
        start, end, year, month = _bounds(period, data)
        return DashboardFilters(
            term=term,
            period=period,
            start=start,
            end=end,
            year=year,
            month=month,
            topic=topic,
            view=data.get("view") or "stated",
        )


def _bounds(
    period: Period, data: dict
) -> tuple[dt.date | None, dt.date | None, int | None, str | None]:
    if period == "year":
        year = data["year"]
        return dt.date(year, 1, 1), dt.date(year, 12, 31), year, None
    if period == "month":
        first = dt.date.fromisoformat(f"{data['month']}-01")
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first, last, None, data["month"]
    if period == "custom":
        return data.get("start"), data.get("end"), None, None
    return None, None, None, None


def filters_from_request(
    params, *, fixed_term: Term | None = None
) -> tuple[DashboardFilterForm, DashboardFilters | None]:
    """Bind the GET parameters; the form (to render) and the filters (None when invalid)."""
    form = DashboardFilterForm(params, fixed_term=fixed_term)
    return form, form.filters()
