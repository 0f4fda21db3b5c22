"""One way: DRF authtoken's keys become digests, marked legacy, and its table of plain keys is dropped.

Each key still signs in (its digest is stored); the plain keys are gone from the
database, though not from the backups, replicas and WAL archives made before:
hence the legacy mark, and ``expire_legacy_tokens``. There is no way back: the
reverse leaves the digests, as nothing can restore the keys.
"""

import hashlib
from datetime import UTC

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

TABLE = "authtoken_token"


def aware(value):
    """A timestamp as the raw query returns it (SQLite: naive UTC text) as an aware datetime."""
    value = parse_datetime(value) if isinstance(value, str) else value
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def hash_keys(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    APIToken = apps.get_model("authentication", "APIToken")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", user_id, created FROM {TABLE}')
        rows = cursor.fetchall()
    APIToken.objects.bulk_create(
        APIToken(
            user_id=user_id,
            name="legacy",
            digest=hashlib.sha256(key.encode()).hexdigest(),
            prefix=key[:6],
            created=aware(created),
            legacy=True,
        )
        for key, user_id, created in rows
    )
    schema_editor.execute(f"DROP TABLE {TABLE}")
    # authtoken is no longer installed: its migrations are forgotten with its table.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("authentication", "0001_api_tokens")]

    operations = [migrations.RunPython(hash_keys, migrations.RunPython.noop, elidable=False)]
