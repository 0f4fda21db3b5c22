"""``manage.py purge_expired_tokens``: delete the tokens that have expired (run it daily, e.g. by cron)."""

from django.core.management.base import BaseCommand

from authentication.issuing import revoke
from authentication.models import APIToken


class Command(BaseCommand):
    help = "Delete expired API tokens."

    def handle(self, **options):
        count = revoke(APIToken.objects.expired(), via="manage.py purge_expired_tokens")
        self.stdout.write(f"Deleted {count} expired token{'' if count == 1 else 's'}.")
