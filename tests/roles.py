"""Plain PostgreSQL login roles for the tests, and connections and a live server that use them.

A least-privilege deployment reads with the API's own role and writes with a loader's: neither
a superuser nor a member of ``pg_read_all_stats``, so each sees only its own sessions' details
in ``pg_stat_activity``. Roles belong to the whole cluster, so their names carry the xdist
worker and the process id, and they are dropped afterwards.
"""

import contextlib
import os

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.db.utils import load_backend
from django.test.testcases import LiveServerThread, _StaticFilesHandler


@contextlib.contextmanager
def plain_roles(*purposes: str):
    """One login role per purpose, granted what the tables of the test database need, then dropped."""
    suffix = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    names = [f"akinon_test_{purpose}_{suffix}" for purpose in purposes]
    listed = ", ".join(names)
    with connection.cursor() as cursor:
        grant_plain_roles(cursor, names)
    try:
        yield names
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {listed}")  # the grants, in this database
            cursor.execute(f"DROP ROLE {listed}")


def grant_plain_roles(cursor, names):
    """Creates login roles ``names`` with no privilege but reading and writing the public tables."""
    listed = ", ".join(names)
    for name in names:
        cursor.execute(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOINHERIT")
    cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {listed}")
    cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {listed}")


def wrapper_with(alias="default", **overrides):
    """A new connection like ``alias``'s with ``overrides`` of its settings (``HOST``, ``USER``...)."""
    settings_dict = {**connections[alias].settings_dict, **overrides}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


def connected_as(role: str, alias="default"):
    """This thread's ``connections[alias]`` logs in as ``role`` for the duration of the block."""
    return connected_with(alias, USER=role, PASSWORD="")


@contextlib.contextmanager
def connected_with(alias="default", **overrides):
    """This thread's ``connections[alias]`` uses ``overrides`` of its settings for the block."""
    original = connections[alias]
    connections[alias] = wrapper_with(alias, **overrides)
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        connections[alias] = original


class RoleWSGIServer(ThreadedWSGIServer):
    """Serves each request, on its own thread, with a connection of its own as ``role``."""

    role: str

    def process_request_thread(self, request, client_address):
        with connected_as(self.role):
            super().process_request_thread(request, client_address)


class RoleLiveServerThread(LiveServerThread):
    """Django's live server thread, serving with ``RoleWSGIServer``."""

    server_class = RoleWSGIServer

    def __init__(self, role: str):
        super().__init__("localhost", _StaticFilesHandler)
        self.role = role

    def _create_server(self, connections_override=None):
        server = super()._create_server(connections_override)
        server.role = self.role
        return server


@contextlib.contextmanager
def live_server_as(role: str):
    """A live server whose requests use ``role``'s connections; yields its URL."""
    server = RoleLiveServerThread(role)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://localhost:{server.port}"
    finally:
        server.terminate()
