"""A fleet of real hot standbys: collected in PostgreSQL runs (``.ci/run``'s second pass).

A throwaway primary, two standbys and a server of another cluster, this worker's, on ports
55500-55599 (tests/standby.py), for the module's tests.
"""

import shutil

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.standby import Server, initdb, primary_and_standbys, scratch_directory, worker_ports

if connection.vendor != "postgresql":
    collect_ignore_glob = ["test_*.py"]

FLEET_PORTS, PORTS_PER_WORKER = 55500, 8


def ports() -> list[int]:
    """primary, standby, standby, a third standby (promoted by a test), the service, another cluster."""
    return worker_ports(FLEET_PORTS, PORTS_PER_WORKER)


@pytest.fixture(scope="module")
def fleet():
    """A migrated primary and two hot standbys."""
    with primary_and_standbys(ports()[:3], standbys=2) as servers:
        yield servers


@pytest.fixture(scope="module")
def stranger():
    """A server of another cluster with the same database and role names."""
    root = scratch_directory()
    server = Server(root / "stranger", ports()[5])
    try:
        initdb(server, root)
        server.query("CREATE DATABASE reporting", database="postgres")
        server.query("CREATE ROLE reporting_api LOGIN")
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def on_primary(fleet, django_db_blocker):
    """This thread's ORM on the throwaway primary (as the loader's plain role) during the test."""
    primary, _ = fleet
    with django_db_blocker.unblock(), primary.connected():
        ContentType.objects.clear_cache()  # its ids are the throwaway database's
        try:
            yield primary
        finally:
            ContentType.objects.clear_cache()
