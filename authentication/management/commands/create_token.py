"""``manage.py create_token USER --name NAME [--expires DATE|never]``: a new named key, printed once.

For a job, or for rotating a job's key without downtime: create a second token,
switch the job to it, revoke the first (``revoke_token``). The key is printed on
the last line and never again; without ``--expires`` it lives ``API_TOKEN_TTL_DAYS``.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from authentication.issuing import create_token
from authentication.management.arguments import EXPIRES_HELP, command_error, expiry, user_named


class Command(BaseCommand):
    help = "Create a named API token for a user and print its key (shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What uses the key, unique per user.")
        parser.add_argument("--expires", help=EXPIRES_HELP)

    def handle(self, username, name, expires, **options):
        user, expires = user_named(username), expiry(expires)
        try:
            token, key = create_token(user, name, expires, via="manage.py create_token")
        except ValidationError as error:
            raise command_error(error) from None
        until = token.expires.isoformat() if token.expires else "never"
        self.stdout.write(
            f"Token {name!r} of {username} ({token.prefix}…), expires {until}. The key, shown once:"
        )
        self.stdout.write(key)
