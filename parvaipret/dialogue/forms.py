"""Forms of the dialogue pages: they validate shape only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parvaipret.dialogue.models import ResponseReport
from parvaipret.dialogue.services import MODERATION_REASON_MAX_LENGTH, RESPONSE_MAX_LENGTH
from parvaipret.parliament.models import Deputy, Faction


class DeputyAccountRequestForm(forms.Form):
    """Who the account speaks for: a deputy, or a faction's official account."""

    SPEAKS_FOR = [("deputy", _("a deputy")), ("faction", _("a faction (official account)"))]

    speaks_for = forms.ChoiceField(
        label=_("This account speaks for"), choices=SPEAKS_FOR, widget=forms.RadioSelect
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy"),
        queryset=Deputy.objects.order_by("last_name", "first_name"),
        required=False,
    )
    faction = forms.ModelChoiceField(
        label=_("Faction"),
        queryset=Faction.objects.select_related("term").order_by("-term__number", "short_name"),
        required=False,
    )
    evidence = forms.CharField(
        label=_("How can staff verify you?"),
        help_text=_("An official Saeima e-mail address or phone number where staff can reach you."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        kind = data.get("speaks_for")
        if kind == "deputy" and not data.get("deputy"):
            self.add_error("deputy", _("Choose the deputy."))
        if kind == "faction" and not data.get("faction"):
            self.add_error("faction", _("Choose the faction."))
        if kind == "deputy":
            data["faction"] = None
        elif kind == "faction":
            data["deputy"] = None
        return data


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your response"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=RESPONSE_MAX_LENGTH,
        help_text=_("Plain text. Explain your vote to the people who answered."),
    )


class ResponseReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this response?"),
        choices=ResponseReport.Reason.choices,
        widget=forms.RadioSelect,
    )


class ModerationForm(forms.Form):
    DECISIONS = [("hide", _("hide")), ("restore", _("restore")), ("dismiss", _("keep"))]

    decision = forms.ChoiceField(choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason shown to the public"),
        max_length=MODERATION_REASON_MAX_LENGTH,
        required=False,
    )
