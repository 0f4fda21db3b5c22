"""Create (or refresh) the local ``demo`` superuser and print a new API token and admin password.

Each run mints a new key (only digests are stored, so no earlier key can be shown
again) and revokes the previous run's, as it gives the admin a new password.

``--host`` is the address ``make run`` serves on (runserver's ``[address:]port``), so the
printed links are the ones that answer.
"""

import contextlib
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re
from django.utils.crypto import get_random_string

TOKEN_NAME = "make run"
# Addresses that mean "every interface": this machine reaches them as the loopback address.
WILDCARDS = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


def base_url(host: str) -> str:
    """``http://address:port`` for runserver's ``[address:]port`` argument."""
    match = naiveip_re.fullmatch(host)
    if match is None:
        raise CommandError(f"--host: {host!r} is not [address:]port, e.g. 127.0.0.1:8000 or 8001.")
    address = match["addr"] or "127.0.0.1"
    return f"http://{WILDCARDS.get(address, address)}:{match['port']}"


def new_key(username: str) -> str:
    """A new key for this run, the previous run's revoked (named, so that other tokens stay).

    By the token commands' names: the shared layer imports no domain app.
    """
    with contextlib.suppress(CommandError):  # the first run has none to revoke
        call_command("revoke_token", username, "--name", TOKEN_NAME, stdout=io.StringIO())
    created = io.StringIO()
    call_command("create_token", username, "--name", TOKEN_NAME, "--expires", "never", stdout=created)
    return created.getvalue().splitlines()[-1]


class Command(BaseCommand):
    help = "Create the local demo superuser, give it a fresh admin password, and print its API token."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--host", default="127.0.0.1:8000", help="Where the server listens.")

    def handle(self, *args, username, host, **options):
        url = base_url(host)
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        password = get_random_string(16)
        user.set_password(password)
        user.save()
        key = new_key(username)
        curl = f'curl -H "Authorization: Token {key}" {url}/api/v1/oms/cities/'
        # Set apart by blank lines: make run prints it last before the server's own lines.
        self.stdout.write(
            "\n"
            f"API token:      {key}\n"
            f"Admin login:    {username} / {password}  ({url}/admin/)\n"
            f"API docs:       {url}/api/docs/\n"
            f"Example data:   channel 1, e.g. {url}/api/v1/remote/1/data-warehouse/orders/orders/\n"
            f"Try it:         {curl}\n"
            "More:           README.md (first requests), docs/README.md (every topic)\n\n"
        )
