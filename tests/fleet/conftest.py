"""A fleet of real hot standbys: collected in PostgreSQL runs (``.ci/run``'s second pass).

A throwaway primary, two standbys and a server of another cluster, this worker's, on ports
23500-23599 (tests/standby.py), for the module's tests.
"""

import shutil

import pytest
from django.db import connection

from tests.standby import DATABASE, Postgres, orm_on, primary_and_standbys, reserved_ports, scratch_directory

if connection.vendor != "postgresql":
    collect_ignore_glob = ["test_*.py"]

FLEET_PORTS = range(23500, 23600)


@pytest.fixture(scope="module")
def fleet():
    """A migrated primary and two hot standbys."""
    with primary_and_standbys(2, FLEET_PORTS) as servers:
        yield servers


@pytest.fixture(scope="module")
def stranger():
    """A server of another cluster with the same database and role names."""
    with reserved_ports(1, FLEET_PORTS) as [port]:
        root = scratch_directory()
        server = Postgres(root, "stranger", port)
        try:
            server.create()
            server.start()
            server.query(f"CREATE DATABASE {DATABASE}", database="postgres")
            server.query("CREATE ROLE reporting_api LOGIN")
            yield server
        finally:
            server.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def on_primary(fleet, django_db_blocker):
    """This thread's ORM on the throwaway primary (as the loader's plain role) during the test."""
    primary, _ = fleet
    with orm_on(primary, django_db_blocker):
        yield primary
