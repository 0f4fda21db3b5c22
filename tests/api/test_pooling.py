"""DATABASE_POOLING=transaction (PgBouncer): nothing that outlives a transaction, such as server-side cursors.

Settings are read once per process, so each case starts a fresh one. The suite itself
runs through a real PgBouncer with ``python -m tests.benchmarks.pgbouncer``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_CURSORS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
    "from django.db import connections; "
    "print(*(connections[alias].settings_dict['DISABLE_SERVER_SIDE_CURSORS'] for alias in connections))"
)


def settings_process(pooling):
    env = {
        **os.environ,
        "DATABASE_POOLING": pooling,
        "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5432/akinon_replica",
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_CURSORS], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(("pooling", "disabled"), [("transaction", "True True"), ("", "False False")])
def test_transaction_pooling_disables_server_side_cursors_on_every_database(pooling, disabled):
    done = settings_process(pooling)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == disabled


def test_an_unknown_pooling_mode_is_refused():
    done = settings_process("session-ish")
    assert done.returncode != 0
    assert "DATABASE_POOLING must be empty or 'transaction'" in done.stderr
