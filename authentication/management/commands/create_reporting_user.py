"""``manage.py create_reporting_user <username> --channel <id> ...``: an account for a reporting job.

Creates the user (or updates an existing one), grants it read access to the
given sales channels, and prints a new API token's key on the last line (shown
this once: each run mints another named token, ``--token-name``, by default
"reporting job", then "reporting job 2", ...; revoke old ones with
``revoke_token``). The password,
for jobs that sign in with ``POST /api/v1/auth/login/``, comes from the
``REPORTING_USER_PASSWORD`` environment variable or an interactive prompt;
without one the account has no usable password and works with the printed
token only. The account is never staff: it reads only its channels.
"""

import getpass
import itertools
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from authentication.issuing import create_token
from authentication.management.arguments import EXPIRES_HELP, command_error, expiry
from sales_channels.models import Channel

PASSWORD_VARIABLE = "REPORTING_USER_PASSWORD"
TOKEN_NAME = "reporting job"


class Command(BaseCommand):
    help = "Create or update a non-staff user for a reporting job, grant it channels, print a new token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--channel", type=int, action="append", default=[], help="A channel id to grant (repeatable)."
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--token-name", help=f"The new token's name (default {TOKEN_NAME!r}, numbered).")
        parser.add_argument("--expires", help=EXPIRES_HELP)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: the password comes from {PASSWORD_VARIABLE} or is left unusable.",
        )

    def handle(self, username, channel, email, interactive, token_name, expires, **options):
        expires = expiry(expires)
        channels = list(Channel.objects.filter(pk__in=channel))
        missing = sorted(set(channel) - {c.pk for c in channels})
        if missing:
            raise CommandError(f"No channel with id {', '.join(map(str, missing))}.")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            try:
                user_model._meta.get_field("username").run_validators(username)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user = user_model(username=username)
        elif user.is_staff:
            raise CommandError(f"{username} is a staff user: manage it in the admin.")
        if email:
            user.email = email
        password = self.password(user, interactive)
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
                user.channels.add(*channels)
                _, key = create_token(
                    user, token_name or self.free_name(user), expires, via="manage.py create_reporting_user"
                )
        except ValidationError as error:
            raise command_error(error) from None
        granted = ", ".join(str(pk) for pk in user.channels.order_by("id").values_list("id", flat=True))
        self.stdout.write(f"{'Created' if created else 'Updated'} {username}; channels: {granted or 'none'}.")
        if not user.has_usable_password():
            self.stdout.write("No password: the job authenticates with this token only.")
        self.stdout.write(key)

    def free_name(self, user) -> str:
        taken = set(user.api_tokens.values_list("name", flat=True))
        names = (TOKEN_NAME if n == 1 else f"{TOKEN_NAME} {n}" for n in itertools.count(1))
        return next(name for name in names if name not in taken)

    def password(self, user, interactive) -> str | None:
        password = os.environ.get(PASSWORD_VARIABLE)
        if not password and interactive and sys.stdin.isatty():
            password = getpass.getpass("Password (empty for token only): ")
            if password and password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        if not password:
            return None
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
