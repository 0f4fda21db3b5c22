"""``manage.py expire_legacy_tokens``: every key issued before keys were hashed expires now.

Those keys were stored in plain text, so every backup, replica and WAL archive
made before the migration holds them. Once their jobs have new tokens
(``create_token``), this ends them all at once: they answer 401 "Token expired."
"""

from django.core.management.base import BaseCommand

from authentication.issuing import expire
from authentication.models import APIToken


class Command(BaseCommand):
    help = "Expire every legacy API token (issued before keys were hashed) now."

    def handle(self, **options):
        count = expire(APIToken.objects.live().filter(legacy=True), via="manage.py expire_legacy_tokens")
        self.stdout.write(f"Expired {count} legacy token{'' if count == 1 else 's'}.")
