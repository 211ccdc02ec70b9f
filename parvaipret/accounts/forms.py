from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from parvaipret.accounts.models import User


class SignUpForm(UserCreationForm):
    """A new account: username, e-mail (for notifications), a public display name, a password."""

    email = forms.EmailField(label=_("E-mail"), required=True)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name")
