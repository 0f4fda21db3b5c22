"""Revocation and expiry across two processes: two servers on one database, each with its token memo.

A revoked key is refused at once by the process that revoked it and within
``API_TOKEN_CACHE_SECONDS`` (1) by the other; an expired key by both, remembered or not.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.outages import closed_port
from tests.scratch import scratch_database_url

ROOT = Path(__file__).resolve().parents[2]
MEMO_SECONDS = 1


@pytest.fixture
def database_url(tmp_path, worker_id):
    """A database of the test's own, which both servers share (the test database is not visible to them)."""
    with scratch_database_url(tmp_path, "processes", worker_id) as url:
        yield url


def manage(environment, *args) -> list[str]:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def servers(database_url):
    """Two servers on one database; yields their URLs and the environment."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "API_TOKEN_CACHE_SECONDS": str(MEMO_SECONDS),
        "REPORTING_USER_PASSWORD": "a-long-reporting-password",
    }
    manage(environment, "migrate", "--noinput")
    processes, urls = [], []
    try:
        for _ in range(2):
            port = closed_port()
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                    cwd=ROOT,
                    env=environment,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_until_serving(url)
        yield urls, environment
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def call(url, key, path="/api/v1/active_user/", method="GET") -> tuple[int, dict]:
    request = urllib.request.Request(url + path, method=method, headers={"Authorization": f"Token {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def wait_until_serving(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s.")


def refused_within(url, key, seconds) -> float:
    """How long until ``url`` refuses ``key`` (at most ``seconds``)."""
    start = time.monotonic()
    while call(url, key)[0] == 200:
        assert time.monotonic() - start < seconds, f"{url} still accepts the key after {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


def test_revoked_and_expired_keys_are_refused_by_both_processes(servers):
    (first, second), environment = servers
    key = manage(environment, "create_reporting_user", "etl-job", "--noinput")[-1]
    # Long enough for a loaded machine to start the command and make the first requests in time.
    expires = datetime.now(UTC) + timedelta(seconds=10)
    short = manage(
        environment, "create_token", "etl-job", "--name", "short", "--expires", f"{expires:%Y-%m-%dT%H:%M:%S}"
    )[-1]
    assert [call(url, k)[0] for url in (first, second) for k in (key, short)] == [200] * 4  # all remembered
    assert datetime.now(UTC) < expires

    assert call(first, key, "/api/v1/auth/logout/", "POST")[0] == 200
    assert call(first, key) == (401, {"detail": "Invalid token."})  # at once where it was revoked
    assert refused_within(second, key, MEMO_SECONDS + 1) <= MEMO_SECONDS + 0.5
    assert call(second, key) == (401, {"detail": "Invalid token."})

    time.sleep(max(0, (expires - datetime.now(UTC)).total_seconds()) + 0.1)
    for url in (first, second):
        assert call(url, short) == (401, {"detail": "Token expired."})
