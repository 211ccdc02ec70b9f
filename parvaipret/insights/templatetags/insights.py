"""Small formatting helpers for the dashboards' templates."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

CHOICE_LABELS = {
    "for": gettext_lazy("For"),
    "against": gettext_lazy("Against"),
    "abstain": gettext_lazy("Abstain"),
    "did_not_vote": gettext_lazy("Did not vote"),
    "absent": gettext_lazy("Absent"),
}


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as "92.3 %"; "—" when there is none (never a made-up 0 %)."""
    if value is None:
        return "—"
    return f"{100 * value:.{int(digits)}f} %"


@register.filter
def choice_label(choice: str | None) -> str:
    """The translated name of a position ("for", "against", …); "no majority" for None."""
    if choice is None:
        return _("no majority")
    return str(CHOICE_LABELS.get(choice, choice))


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """This page's URL with the same filters and another page number."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
