"""Dependencies that are down, for the fault tests: a closed port, an unreachable database, a relay.

Each is real (a connection refused by the kernel, a database file that cannot
be opened, a TCP relay to the test Redis), so the code under test meets the
errors its drivers raise in production.
"""

import contextlib
import select
import socket
import socketserver
import threading

from django.db import connections
from django.db.utils import load_backend


def closed_port() -> int:
    """A loopback port where nothing listens (bound once to pick it, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_settings(settings_dict: dict) -> dict:
    """A copy of a database's settings that points where no server is.

    PostgreSQL: a closed port on loopback (connection refused). SQLite: a file in
    a directory that does not exist ("unable to open database file").
    """
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return {**settings_dict, "NAME": "/nonexistent-directory/unreachable.sqlite3"}
    return {**settings_dict, "HOST": "127.0.0.1", "PORT": str(closed_port())}


@contextlib.contextmanager
def unreachable_database(alias):
    """``connections[alias]`` points at a server that is not there for the duration of the block."""
    original = connections[alias]
    settings_dict = unreachable_settings(original.settings_dict)
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        connections[alias] = original


@contextlib.contextmanager
def unreachable_in_every_thread(alias):
    """As :func:`unreachable_database`, and for the connections other threads open meanwhile too."""
    settings_dict = connections.settings[alias]  # the dict each thread's new connection is built from
    original = dict(settings_dict)
    settings_dict.update(unreachable_settings(original))
    try:
        with unreachable_database(alias) as connection:
            yield connection
    finally:
        settings_dict.clear()
        settings_dict.update(original)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class Relay:
    """A loopback port that forwards to a TCP server once ``start`` is called (nothing listens before)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = closed_port()
        self.server = None

    def start(self):
        target = self.target

        class Pipe(socketserver.BaseRequestHandler):
            def handle(self):
                with socket.create_connection(target) as upstream:
                    peers = {self.request: upstream, upstream: self.request}
                    while True:
                        readable, _, _ = select.select(list(peers), [], [], 5)
                        for sock in readable:
                            data = sock.recv(65536)
                            if not data:
                                return
                            peers[sock].sendall(data)
                        if not readable:
                            return

        self.server = _Server(("127.0.0.1", self.port), Pipe)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
