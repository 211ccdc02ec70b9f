"""Template tags other apps' pages use to show the dialogue beside their objects.

{% load dialogue %}
{% responses_for vote %}          beside a vote, a question's results, an initiative
{% deputy_dialogue deputy %}      on a deputy's page: response rate, follow, their responses
{% faction_dialogue faction %}    on a faction's page: response rate, the faction's responses
{% response_rate_for deputy %}    the rate alone (a deputy or a faction)
"""

from collections.abc import Iterable

from django import template
from django.urls import NoReverseMatch, reverse

from parvaipret.dialogue import selectors
from parvaipret.dialogue.models import Response
from parvaipret.parliament.models import Ballot, Deputy, Faction
from parvaipret.participation.selectors import answers_refresh_minutes

register = template.Library()

QUESTION_URL_NAMES = (
    "participation:question_detail",
    "participation:question_results",
    "dialogue:question_responses",
)
"""Where a question's page lives: the first name that resolves (the dialogue's own page last)."""


@register.filter
def ballot_label(choice: str) -> str:
    try:
        return str(Ballot.Choice(choice).label)
    except ValueError:
        return choice


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


@register.simple_tag(name="question_url")
def question_url_tag(question_id: int) -> str:
    return question_url(question_id)


@register.simple_tag
def response_target_url(response: Response) -> str:
    """The page of what the response answers ("" when that page does not exist yet)."""
    if response.vote_id:
        return reverse("parliament:vote_detail", args=[response.vote_id])
    if response.initiative_id:
        return reverse("legislation:initiative_detail", args=[response.initiative_id])
    return question_url(response.question_id) if response.question_id else ""


def question_url(question_id: int) -> str:
    for name in QUESTION_URL_NAMES:
        try:
            return reverse(name, args=[question_id])
        except NoReverseMatch:
            continue
    return ""


def responses_context(context, responses: Iterable[Response], *, show_target=True) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    responses = list(responses)
    signed_in = user is not None and user.is_authenticated
    data = {
        "responses": responses,
        "my_reactions": selectors.reactions_of_user(user=user, responses=responses)
        if signed_in
        else {},
        "my_reports": selectors.reported_by_user(user=user, responses=responses)
        if signed_in
        else set(),
        "signed_in": signed_in,
        "can_moderate": signed_in and selectors.user_can_moderate(user=user),
        "show_target": show_target,
        "request": request,
        "next": request.get_full_path() if request is not None else "",
    }
    if context.get("csrf_token") is not None:  # an inclusion tag's template needs it passed on
        data["csrf_token"] = context["csrf_token"]
    return data


@register.inclusion_tag("dialogue/partials/responses.html", takes_context=True)
def responses_for(context, target, limit: int | None = None) -> dict:
    """Deputies' responses on a vote, question, initiative, or by a deputy or faction."""
    show_target = isinstance(target, Deputy | Faction)
    responses = selectors.responses_shown(target=target, limit=limit)
    return responses_context(context, responses, show_target=show_target)


@register.inclusion_tag("dialogue/partials/response_rate.html")
def response_rate_for(subject, version: str | None = None) -> dict:
    if not isinstance(subject, Deputy | Faction):
        raise template.TemplateSyntaxError("response_rate_for takes a Deputy or a Faction")
    rate = selectors.response_rate_shown(subject=subject, version=version)
    return {
        "rate": rate,
        "subject": subject,
        "is_deputy": isinstance(subject, Deputy),
        "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
        "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
        "refresh_minutes": answers_refresh_minutes(),
    }


@register.inclusion_tag("dialogue/partials/deputy_dialogue.html", takes_context=True)
def deputy_dialogue(context, deputy: Deputy) -> dict:
    version = selectors.dialogue_version()
    responses = selectors.responses_shown(target=deputy, limit=10, version=version)
    data = responses_context(context, responses)
    data |= response_rate_for(deputy, version)
    data |= {
        "deputy": deputy,
        "is_following": selectors.deputy_is_followed(user=data["request"].user, deputy=deputy)
        if data["signed_in"]
        else False,
        "follower_count": selectors.deputy_follower_count(deputy=deputy),
    }
    return data


@register.inclusion_tag("dialogue/partials/faction_dialogue.html", takes_context=True)
def faction_dialogue(context, faction: Faction) -> dict:
    version = selectors.dialogue_version()
    responses = selectors.responses_shown(target=faction, limit=10, version=version)
    data = responses_context(context, responses)
    data |= response_rate_for(faction, version)
    data["faction"] = faction
    return data
