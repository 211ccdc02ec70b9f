from django import forms
from django.utils.translation import gettext_lazy as _


class FollowForm(forms.Form):
    """Follow a bill or an initiative: an e-mail address, or nothing when signed in."""

    email = forms.EmailField(label=_("Your e-mail"), required=False, max_length=254)
    # A field people never see (hidden by CSS); a bot that fills it in is answered as usual
    # but nothing is stored or sent.
    website = forms.CharField(required=False, label=_("Leave this empty"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number or words"), required=False, max_length=200)
