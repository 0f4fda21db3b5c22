"""At rest: keys issued before the migration keep working as digests, and no dump holds a usable key.

Transactional: the migration is run with Django's migration executor, and ``pg_dump`` (another
process) sees only committed rows.
"""

import io
import os
import secrets
import subprocess

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from authentication.models import APIToken, digest
from tests.authentication.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("authentication", "0001_api_tokens"), ("authentication", "0002_hash_authtoken_keys")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def authtoken_model():
    """DRF authtoken's table as its migrations made it (the app is no longer installed)."""
    isolated = Apps()
    meta = type("Meta", (), {"app_label": "authtoken", "db_table": "authtoken_token", "apps": isolated})
    fields = {
        "key": models.CharField(max_length=40, primary_key=True),
        "user_id": models.IntegerField(unique=True),
        "created": models.DateTimeField(auto_now_add=True),
    }
    return type("Token", (models.Model,), {"__module__": __name__, "Meta": meta, **fields})


def issue_legacy_key(user) -> str:
    """A key issued by DRF authtoken before the migration, then the migration run."""
    migrate(BEFORE)
    Token = authtoken_model()
    with connection.schema_editor() as editor:
        editor.create_model(Token)
    key = secrets.token_hex(20)
    Token.objects.create(key=key, user_id=user.pk)
    migrate(AFTER)
    return key


def status(client, key):
    return client.get("/api/v1/active_user/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_a_key_issued_before_the_migration_signs_in_as_a_legacy_digest(anonymous_client, user):
    key = issue_legacy_key(user)
    assert "authtoken_token" not in connection.introspection.table_names()
    token = APIToken.objects.get(user=user)
    assert (token.legacy, token.name, token.digest, token.prefix) == (True, "legacy", digest(key), key[:6])
    assert status(anonymous_client, key) == 200
    assert status(anonymous_client, "0" * 40) == 401


def dump() -> bytes:
    """Every byte the database holds as a backup would: ``pg_dump``, or SQLite's file after VACUUM."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        path = f"/tmp/tokens-dump-{os.getpid()}.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [path])
        try:
            with open(path, "rb") as file:
                return file.read()
        finally:
            os.remove(path)
    arguments = {"--host": database["HOST"], "--port": database["PORT"], "--username": database["USER"]}
    command = [
        "pg_dump",
        *[f"{name}={value}" for name, value in arguments.items() if value],
        database["NAME"],
    ]
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return subprocess.run(command, capture_output=True, check=True, env=environment).stdout


def test_no_dump_holds_a_key_that_authenticates(anonymous_client, user):
    legacy = issue_legacy_key(user)
    signed_in = anonymous_client.post(
        "/api/v1/auth/login/", {"username": "reporter", "password": PASSWORD}, format="json"
    ).json()["key"]
    out = io.StringIO()
    call_command("create_token", "reporter", "--name", "nightly", stdout=out)
    named = out.getvalue().splitlines()[-1]
    keys = [legacy, signed_in, named]
    assert [status(anonymous_client, key) for key in keys] == [200, 200, 200]
    held = dump()
    assert digest(named).encode() in held  # the dump is of this database
    for key in keys:
        assert key.encode() not in held
        assert key[:12].encode() not in held  # not even a part longer than the display prefix
