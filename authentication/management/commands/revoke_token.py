"""``manage.py revoke_token USER --name NAME`` (or ``--all``): revoke a user's token(s) now.

Refused at once by this process and within ``API_TOKEN_CACHE_SECONDS`` by every other.
"""

from django.core.management.base import BaseCommand, CommandError

from authentication.issuing import revoke
from authentication.management.arguments import user_named


class Command(BaseCommand):
    help = "Revoke one named API token of a user, or all of them."

    def add_arguments(self, parser):
        parser.add_argument("username")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--name", help="The token's name.")
        which.add_argument("--all", action="store_true", help="Every token of the user.")

    def handle(self, username, name, all, **options):
        user = user_named(username)
        tokens = user.api_tokens.all() if all else user.api_tokens.filter(name=name)
        if not all and not tokens.exists():
            raise CommandError(f"{username} has no token named {name!r}.")
        count = revoke(tokens, via="manage.py revoke_token")
        self.stdout.write(f"Revoked {count} token{'' if count == 1 else 's'} of {username}.")
