import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from parvaipret.core.management.commands.load_sample import STEPS
from parvaipret.dialogue.management.commands.create_demo_accounts import DEMO_PASSWORD
from parvaipret.dialogue.models import DeputyAccount, VerificationEvent
from tests.factories import BallotFactory, DeputyFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_demo_accounts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def deputies_with_ballots():
    """Ābele sorts first by last name but has no ballots; Bērziņa is the first who voted."""
    DeputyFactory(first_name="Anna", last_name="Ābele")
    first = DeputyFactory(first_name="Inga", last_name="Bērziņa")
    later = DeputyFactory(first_name="Jānis", last_name="Zariņš")
    BallotFactory(deputy=first)
    BallotFactory(deputy=later)
    return first


def test_create_demo_accounts_refuses_without_debug(settings, deputies_with_ballots):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        run()
    assert "DEBUG is off" in run("--skip-without-debug")
    assert not get_user_model().objects.exists()


def test_create_demo_accounts_links_a_labelled_demo_to_the_first_voting_deputy(
    settings, deputies_with_ballots
):
    settings.DEBUG = True
    output = run()
    user = get_user_model().objects.get(username="demo-deputy")
    account = user.deputy_account
    assert account.deputy == deputies_with_ballots
    assert account.status == DeputyAccount.Status.VERIFIED
    assert user.display_name == "DEMO account — not the real deputy (Inga Bērziņa)"
    assert user.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output
    assert "Inga Bērziņa" in output
    moderator = get_user_model().objects.get(username="demo-moderator")
    assert moderator.has_perm("dialogue.moderate_response")
    citizen = get_user_model().objects.get(username="demo-citizen")
    assert not citizen.has_perm("dialogue.moderate_response")
    assert not DeputyAccount.objects.filter(user=citizen).exists()


def test_create_demo_accounts_is_idempotent(settings, deputies_with_ballots):
    settings.DEBUG = True
    run()
    run()
    assert get_user_model().objects.count() == 3
    assert DeputyAccount.objects.count() == 1
    assert list(
        VerificationEvent.objects.order_by("at", "pk").values_list("status", flat=True)
    ) == [
        "pending",
        "verified",
    ]


def test_create_demo_accounts_with_force_runs_without_debug(settings, deputies_with_ballots):
    settings.DEBUG = False
    run("--force")
    assert get_user_model().objects.filter(username="demo-deputy").exists()


def test_create_demo_accounts_needs_loaded_ballots(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load the sample data first"):
        run()


def test_load_sample_creates_demo_accounts_as_its_last_step():
    command, arguments, _ = STEPS[-1]
    assert (command, arguments) == ("create_demo_accounts", ["--skip-without-debug"])
