"""The README's sign-in examples run as written against a server started the way ``make run`` starts it.

The examples are read from the README and the server's steps from the Makefile's ``run`` recipe,
so neither can drift from what this test runs. Each run gets a fresh database (a file on SQLite,
a database of its own on PostgreSQL), as a newcomer's first ``make run`` does.
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
# The README's examples name the default address; the test server listens on one of this range.
README_URL = "http://127.0.0.1:8000"
PORTS = range(18300, 18350)
BIN = Path(sys.executable).parent
INTERPRETERS = {"sh": ["bash", "-euo", "pipefail", "-c"], "python": [sys.executable, "-c"]}


def readme_examples(page: str) -> list[tuple[str, str]]:
    """``(language, code)`` of every shell and Python block of a documentation page."""
    body = (ROOT / page).read_text()
    return re.findall(r"^```(sh|python)\n(.*?)^```$", body, flags=re.M | re.S)


def make_run_steps(host: str) -> list[list[str]]:
    """The commands of the Makefile's ``run`` recipe, with this interpreter's bin and ``host``."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, flags=re.M)[1]
    return [
        shlex.split(line.replace("$(BIN)", str(BIN)).replace("$(HOST)", host)) for line in recipe.splitlines()
    ]


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port in {PORTS}.")


@pytest.fixture
def database_url(tmp_path, worker_id):
    """A fresh, empty database like a newcomer's first ``make run`` meets."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    name = f"test_{database['NAME']}_readme_{worker_id}"
    server = psycopg2.connect(
        dbname="postgres",
        **{key.lower(): database[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if database[key]},
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def run(command, environment) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture
def make_run(database_url):
    """``make run``'s steps on a fresh database; yields the server's URL, the environment and
    what ``demo_token`` printed."""
    host = f"127.0.0.1:{free_port()}"
    environment = {**os.environ, "DATABASE_URL": database_url}
    *setup, serve = make_run_steps(host)
    printed = "".join(run(step, environment).stdout for step in setup)
    # The autoreloader's child process and file polling are for editing code, not for a test.
    server = subprocess.Popen(
        [*serve, "--noreload"], cwd=ROOT, env=environment, start_new_session=True, stderr=subprocess.PIPE
    )
    url = f"http://{host}"
    try:
        wait_until_serving(url, server)
        yield url, environment, printed
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            urllib.request.urlopen(f"{url}/api/v1/oms/cities/", timeout=5)
        except urllib.error.HTTPError as error:
            assert error.code == 401  # up, and asking for a token
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"runserver did not answer on {url} within {seconds} s.")


def test_readme_sign_in_examples_run_as_written_on_what_make_run_leaves(make_run):
    url, environment, printed = make_run
    examples = readme_examples("docs/authentication.md")
    assert [language for language, _ in examples] == ["sh", "sh", "python"]
    outputs = []
    for language, code in examples:
        assert README_URL in code or "manage.py" in code
        code = code.replace(README_URL, url).replace(".venv/bin/", f"{BIN}/")
        outputs.append(run([*INTERPRETERS[language], code], environment).stdout)
    create_user, sign_in, python = outputs
    assert create_user.splitlines()[0] == "Created etl-job; channels: 1."
    assert re.fullmatch(r"[0-9a-f]{40}", create_user.splitlines()[-1])
    assert '"username":"etl-job"' in sign_in and '"channels":[1]' in sign_in
    assert python == "81 cities\n"
    # The first request demo_token suggests answers at the printed address.
    try_it = re.search(r"^Try it: +(curl .*)$", printed, flags=re.M)[1]
    assert url in try_it
    assert '"count":81' in run([*INTERPRETERS["sh"], f"{try_it} -sf"], environment).stdout
