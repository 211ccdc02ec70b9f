from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from parvaipret.dialogue.models import DeputyAccount
from tests.factories import DeputyFactory, FactionFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Saeima-2026-balsojums"


def citizen_form(username="anna", **extra):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "display_name": "Anna B.",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


def test_signup_page_renders_with_links_to_the_other_sign_ups(client):
    page = client.get(reverse("signup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="username"' in html
    assert 'name="email"' in html
    assert reverse("signup_deputy_office") in html
    assert reverse("login") in html


def test_signup_creates_a_citizen_and_signs_them_in(client):
    page = client.post(reverse("signup"), citizen_form())
    user = get_user_model().objects.get(username="anna")
    assert page.status_code == 302
    assert page.url == reverse("home")
    assert (user.email, user.display_name, user.is_staff) == ("anna@example.org", "Anna B.", False)
    assert user.check_password(PASSWORD)
    assert client.get(reverse("dialogue:following")).status_code == 200  # signed in
    assert not DeputyAccount.objects.exists()


def test_signup_returns_to_a_local_next_page_only(client):
    page = client.post(reverse("signup"), citizen_form("anna", next="/dialogue/"))
    assert page.url == "/dialogue/"
    client.logout()
    page = client.post(reverse("signup"), citizen_form("berta", next="https://evil.example/"))
    assert page.url == reverse("home")


def test_signup_shows_form_errors(client):
    UserFactory(username="anna")
    page = client.post(reverse("signup"), citizen_form(password2="cits-parole-2026"))
    assert page.status_code == 200
    assert get_user_model().objects.filter(username="anna").count() == 1
    assert "errorlist" in page.content.decode()


def test_signup_sends_a_signed_in_user_home(client):
    client.force_login(UserFactory())
    assert client.get(reverse("signup")).url == reverse("home")


def test_deputy_office_signup_creates_a_pending_link_to_the_deputy(client):
    deputy = DeputyFactory(first_name="Inga", last_name="Bērziņa")
    page = client.post(
        reverse("signup_deputy_office"),
        {
            **{f"user-{k}": v for k, v in citizen_form("office-berzina").items()},
            "link-speaks_for": "deputy",
            "link-deputy": deputy.pk,
            "link-evidence": "inga.berzina@saeima.lv, +371 67000000",
        },
    )
    account = DeputyAccount.objects.get()
    assert page.status_code == 302
    assert page.url == reverse("dialogue:office")
    assert (account.user.username, account.deputy, account.status) == (
        "office-berzina",
        deputy,
        "pending",
    )
    assert account.evidence == "inga.berzina@saeima.lv, +371 67000000"
    assert list(account.events.values_list("status", "actor__username")) == [
        ("pending", "office-berzina")
    ]
    office = client.get(reverse("dialogue:office")).content.decode()
    assert "Staff will check the link" in office


def test_deputy_office_signup_for_a_faction(client):
    faction = FactionFactory(short_name="ZZS", name="Zaļo un Zemnieku savienība")
    client.post(
        reverse("signup_deputy_office"),
        {
            **{f"user-{k}": v for k, v in citizen_form("zzs").items()},
            "link-speaks_for": "faction",
            "link-faction": faction.pk,
            "link-deputy": DeputyFactory().pk,  # ignored: the account speaks for the faction
            "link-evidence": "frakcija@saeima.lv",
        },
    )
    account = DeputyAccount.objects.get()
    assert (account.faction, account.deputy) == (faction, None)


def test_deputy_office_signup_needs_the_chosen_deputy(client):
    page = client.post(
        reverse("signup_deputy_office"),
        {
            **{f"user-{k}": v for k, v in citizen_form("office").items()},
            "link-speaks_for": "deputy",
            "link-evidence": "office@saeima.lv",
        },
    )
    assert page.status_code == 200
    assert "Choose the deputy." in page.content.decode()
    assert not get_user_model().objects.exists()
    assert not DeputyAccount.objects.exists()


@pytest.mark.usefixtures("rate_window_frozen")
def test_signup_is_rate_limited_per_ip(client):
    statuses = []
    for n in range(6):
        client.logout()  # each sign-up signs the new user in
        statuses.append(client.post(reverse("signup"), citizen_form(f"user{n}")).status_code)
    assert statuses == [302] * 5 + [429]
    assert get_user_model().objects.count() == 5


def test_deputy_office_signup_page_renders(client):
    DeputyFactory(first_name="Inga", last_name="Bērziņa")
    html = client.get(reverse("signup_deputy_office")).content.decode()
    assert "Inga Bērziņa" in html
    assert 'name="link-evidence"' in html
