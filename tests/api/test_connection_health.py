"""A persistent connection the server closed is replaced before a request uses it, and checking an
idle one costs no round trip (api/ops/postgresql)."""

import select

import psycopg2
import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql


def on_sqlite():
    """SQLite is in-process: no server closes its connection, and Django's own backend serves it."""
    if connection.vendor == "postgresql":
        return False
    assert connection.settings_dict["ENGINE"] == "django.db.backends.sqlite3"
    return True


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_before_the_next_request_uses_it():
    if on_sqlite():
        return
    connection.ensure_connection()
    before = connection.connection.get_backend_pid()
    with psycopg2.connect(**connection.get_connection_params()) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [before])
    other.close()
    # The server tells the client it is closing the connection, then closes it.
    assert select.select([connection.connection], [], [], 10)[0]
    connection.close_if_unusable_or_obsolete()  # what each request's start does (request_started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != before


@pytest.mark.django_db
def test_an_idle_connection_is_checked_without_asking_the_server(monkeypatch):
    if on_sqlite():
        return
    connection.ensure_connection()
    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", lambda self: pytest.fail("asked"))
    assert connection.is_usable()


@pytest.mark.django_db
def test_a_connection_with_something_to_read_is_asked_with_select_1(monkeypatch):
    if on_sqlite():
        return
    connection.ensure_connection()
    asked = []
    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", lambda self: asked.append(1) or False)
    monkeypatch.setattr(select, "select", lambda *args: ([connection.connection], [], []))
    assert not connection.is_usable() and asked == [1]


@pytest.mark.django_db
def test_a_closed_connection_is_not_usable():
    if on_sqlite():
        return
    other = connection.copy()
    other.ensure_connection()
    other.connection.close()
    assert not other.is_usable()
    other.close()
