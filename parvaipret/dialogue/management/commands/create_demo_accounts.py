"""Create clearly-labelled DEMO accounts for trying the dialogue locally (idempotent).

- ``demo-deputy``: a verified deputy account linked to a *real* deputy of the loaded data (the
  first deputy by last name who has ballots). The deputy is real; the account is a demo, and its
  display name says so.
- ``demo-moderator``: in the "Moderators" group (may hide and restore responses).
- ``demo-citizen``: an ordinary signed-in citizen.

Refuses to run when DEBUG is off, unless ``--force``; ``--skip-without-debug`` makes it a quiet
no-op instead (``load_sample`` uses that, so loading the sample on a server creates no demo logins).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parvaipret.dialogue import services
from parvaipret.dialogue.models import DeputyAccount, DigestSubscription
from parvaipret.parliament.models import Deputy

DEMO_PASSWORD = "demo-parvaipret"  # noqa: S105 - local demo only; the command refuses without DEBUG
MODERATORS_GROUP = "Moderators"
DEMO_NOTE = "DEMO account created by create_demo_accounts (local use only)"


class Command(BaseCommand):
    help = "Create clearly-labelled DEMO deputy, moderator and citizen accounts (local use only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="run even when DEBUG is off (never in production)"
        )
        parser.add_argument(
            "--skip-without-debug",
            action="store_true",
            help="when DEBUG is off, do nothing and exit successfully instead of refusing",
        )

    def handle(self, *args, force: bool = False, skip_without_debug: bool = False, **options):
        if not settings.DEBUG and not force:
            if skip_without_debug:
                self.stdout.write("create_demo_accounts: DEBUG is off, no demo accounts created")
                return
            raise CommandError(
                "create_demo_accounts makes accounts with a published password: it runs only "
                "with DEBUG=1 (or --force, never on a public server)."
            )
        deputy = (
            Deputy.objects.filter(ballots__isnull=False)
            .distinct()
            .order_by("last_name", "first_name", "pk")
            .first()
        )
        if deputy is None:
            raise CommandError("no deputy with ballots: load the sample data first (load_sample)")
        with transaction.atomic():
            deputy_user = self._user(
                "demo-deputy", f"DEMO account — not the real deputy ({deputy.full_name})"
            )
            account = self._deputy_account(deputy_user, deputy)
            moderator = self._user("demo-moderator", "DEMO moderator")
            moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
            self._user("demo-citizen", "DEMO citizen")
        self.stdout.write(
            f"DEMO accounts (password for each: {DEMO_PASSWORD}):\n"
            f"  demo-deputy     verified DEMO account linked to the real deputy "
            f"{account.deputy.full_name} (id {account.deputy_id}); it is not the deputy\n"
            "  demo-moderator  may hide and restore responses\n"
            "  demo-citizen    an ordinary signed-in citizen"
        )

    def _user(self, username: str, display_name: str):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"display_name": display_name, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif user.display_name != display_name:
            user.display_name = display_name
            user.save(update_fields=["display_name"])
        return user

    def _deputy_account(self, user, deputy: Deputy) -> DeputyAccount:
        """The demo user's account: created and verified once, then left as it is."""
        account = DeputyAccount.objects.filter(user=user).select_related("deputy").first()
        if account is None:
            account = services.deputy_account_register(user=user, deputy=deputy, evidence=DEMO_NOTE)
        if not account.is_verified:
            account = services.deputy_account_verify(account=account, actor=None, note=DEMO_NOTE)
        if not DigestSubscription.objects.filter(account=account).exists():
            services.digest_subscription_set(deputy_account=account, active=True)
        return account
