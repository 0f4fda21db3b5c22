"""Databases of a test's own, for the servers a test starts as subprocesses (they cannot see the
test database, which lives in the test's transaction)."""

import contextlib
import os
from urllib.parse import urlsplit

import psycopg2
from django.conf import settings


@contextlib.contextmanager
def scratch_database_url(directory, label: str, worker_id: str):
    """The URL of a fresh, empty database, dropped afterwards: a file in ``directory`` on SQLite, a
    database named after ``label`` and the xdist worker on PostgreSQL (the server of the test's own)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{directory / 'db.sqlite3'}"
        return
    name = f"test_{database['NAME']}_{label}_{worker_id}"
    server = psycopg2.connect(
        dbname="postgres",
        **{key.lower(): database[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if database[key]},
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.close()
