"""Every example of README.md and docs/*.md runs as written against a server started the way
``make run`` starts it, and prints what its ``# =>`` lines say it prints.

The server's steps are the Makefile's ``run`` recipe as ``make --dry-run`` expands it, so the
test cannot drift from what a newcomer runs; the database is a fresh one (a file on SQLite, a
database of its own on PostgreSQL), as a first ``make run`` meets. The rules an example follows
are in docs/development.md, "Examples in the documentation".
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.documentation import ROOT, Block, fenced_blocks, pages
from tests.scratch import scratch_database_url

# The examples name the default address; the test server listens on one of this range.
DOCUMENTED_URL = "http://127.0.0.1:8000"
PORTS = range(18300, 18350)
BIN = Path(sys.executable).parent
INTERPRETERS = {"sh": ["bash", "-euo", "pipefail", "-c"], "python": [str(BIN / "python"), "-c"]}
EXPECTED = re.compile(r"# => (.*)$", flags=re.M)
# What a placeholder in an expected line stands for.
PLACEHOLDERS = {"…": ".*?", "<key>": r"[0-9A-Za-z_\-]{20,}"}


def all_blocks() -> list[Block]:
    return [block for page in pages() for block in fenced_blocks(page)]


def expected_lines(code: str) -> list[re.Pattern]:
    """What a block says it prints: the text after each ``# =>``, in order, as a pattern."""
    placeholders = f"({'|'.join(map(re.escape, PLACEHOLDERS))})"
    return [
        re.compile(
            "".join(PLACEHOLDERS.get(piece, re.escape(piece)) for piece in re.split(placeholders, said))
        )
        for said in EXPECTED.findall(code)
    ]


def prints_as_promised(expected: list[re.Pattern], output: str) -> bool:
    """Whether each expected line matches a whole line of the output, in order (others may come between)."""
    lines = iter(output.splitlines())
    return all(any(pattern.fullmatch(line) for line in lines) for pattern in expected)


def make_run_steps(host: str) -> list[str]:
    """The shell lines of the Makefile's ``run`` recipe, expanded by make for this virtualenv and
    ``host`` (``install`` is taken as done: the suite runs in an installed virtualenv)."""
    recipe = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "--old-file", "install", "run",
         f"VENV={BIN.parent}", f"HOST={host}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return recipe.splitlines()


def make_run_environment() -> dict:
    """This environment with the project's own settings module, as make run has it (pytest-django
    points ``DJANGO_SETTINGS_MODULE`` at the tests')."""
    return {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port in {PORTS}.")


@pytest.fixture
def database_url(tmp_path, worker_id):
    """A fresh, empty database like a newcomer's first ``make run`` meets."""
    with scratch_database_url(tmp_path, "examples", worker_id) as url:
        yield url


def shell(line: str, environment: dict, seconds: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=seconds
    )


@pytest.fixture
def make_run(database_url):
    """``make run``'s steps on a fresh database; yields the server's URL, the environment and what
    the setup steps printed (stdout and stderr together, as a terminal shows them)."""
    host = f"127.0.0.1:{free_port()}"
    environment = {**make_run_environment(), "DATABASE_URL": database_url}
    *setup, serve = make_run_steps(host)
    printed = ""
    for step in setup:
        done = shell(step, environment)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
        printed += done.stdout + done.stderr
    # The autoreloader's child process and file polling are for editing code, not for a test.
    server = subprocess.Popen(
        ["bash", "-c", f"exec {serve} --noreload"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stderr=subprocess.PIPE,
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


def test_every_block_is_marked_run_or_not_run_with_a_reason():
    unmarked = [str(block) for block in all_blocks() if block.runs is None]
    assert not unmarked, "Precede each with <!-- run --> or <!-- not run: <reason> -->:\n" + "\n".join(
        unmarked
    )


def test_every_runnable_block_is_shell_or_python_and_says_what_it_prints():
    runnable = [block for block in all_blocks() if block.runs]
    assert runnable
    assert not [str(block) for block in runnable if block.language not in INTERPRETERS]
    assert not [str(block) for block in runnable if not expected_lines(block.code)]


def test_examples_run_as_written_on_what_make_run_leaves(make_run, record_property):
    url, environment, printed = make_run
    # The setup is quiet: all it prints is the newcomer's block, the last thing before the
    # server's own lines.
    assert re.fullmatch(
        r"\nAPI token: .*\nAdmin login: .*\nAPI docs: .*\nExample data: .*\nTry it: .*\nMore: .*\n\n", printed
    ), printed
    token = re.search(r"^API token: +(\S+)$", printed, flags=re.M)[1]
    try_it = re.search(r"^Try it: +(curl .*)$", printed, flags=re.M)[1]
    assert url in try_it
    assert '"count":81' in shell(f"{try_it} -sf", environment).stdout

    blocks = all_blocks()
    runnable = [block for block in blocks if block.runs]
    failures = []
    for block in runnable:
        code = block.code.replace(DOCUMENTED_URL, url).replace(".venv/bin/", f"{BIN}/")
        done = subprocess.run(
            [*INTERPRETERS[block.language], code],
            cwd=ROOT,
            env={**environment, "KEY": token},
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = done.stdout.replace(url, DOCUMENTED_URL)
        if done.returncode != 0 or not prints_as_promised(expected_lines(block.code), output):
            promised = "\n".join(EXPECTED.findall(block.code))
            failures.append(
                f"{block}: exit {done.returncode}, promised:\n{promised}\nprinted:\n{output}{done.stderr}"
            )
    summary = f"Documentation examples: {len(runnable)} ran, {len(blocks) - len(runnable)} not run."
    record_property("summary", summary)
    assert not failures, "\n\n".join(failures)


def test_a_failing_setup_step_of_make_run_shows_what_it_printed():
    migrate = make_run_steps("127.0.0.1:8000")[0]
    assert "manage.py migrate" in migrate
    done = shell(migrate, {**make_run_environment(), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})
    assert done.returncode != 0
    assert done.stdout == ""
    assert "OperationalError" in done.stderr


@pytest.mark.parametrize(
    ("code", "output", "matches"),
    [
        ("curl x  # => 81 cities", "81 cities\n", True),
        ('curl x\n# => {"count":81,…', 'log line\n{"count":81,"next":null}\n', True),
        ("# => a\n# => b", "b\na\n", False),  # in order
        ("# => <key>", "0123456789abcdef0123456789abcdef01234567\n", True),
        ("# => <key>", "\n", False),
        ("# => 13", "130\n", False),  # a whole line
    ],
)
def test_expected_lines_match_whole_output_lines_in_order(code, output, matches):
    assert prints_as_promised(expected_lines(code), output) is matches
