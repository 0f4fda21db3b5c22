"""Reads through a real hot standby: collected in PostgreSQL runs (``.ci/run``'s second pass).

The standby and its primary are throwaway servers the tests start themselves
(tests/standby.py); they need PostgreSQL's binaries, which a SQLite run does not promise.
"""

import contextlib

import pytest
from django.db import connection

from tests.standby import Service, orm_on, primary_and_standby, reserved_ports

if connection.vendor != "postgresql":
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="module")
def cluster():
    """A migrated primary and its hot standby, this worker's, for the module's tests."""
    with primary_and_standby() as servers:
        yield servers


@pytest.fixture
def on_primary(cluster, django_db_blocker):
    """This thread's ORM on the throwaway primary (as the loader's plain role) during the test."""
    primary, _ = cluster
    with orm_on(primary, django_db_blocker):
        yield primary


@pytest.fixture
def service(cluster, tmp_path):
    """Starts the service over the cluster with extra environment: ``with service(...) as server``."""
    primary, standby = cluster

    @contextlib.contextmanager
    def start(**environment):
        log = tmp_path / "service.log"
        with reserved_ports(1) as [port], Service(primary, standby, port, log, **environment) as server:
            yield server

    return start
