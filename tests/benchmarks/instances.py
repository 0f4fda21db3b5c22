"""Two app instances, one state: rate limits, sign-in throttling and sign-out hold across them.

Run by hand on PostgreSQL, with Redis (loopback only):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/akinon_scale CACHE_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python -m tests.benchmarks.instances [--ports 18401,18402]

Starts two gunicorn instances (config/gunicorn.conf.py, one worker each) on
two loopback ports over the same database and Redis, as two machines behind a
balancer would run, with small limits so that they are reached quickly, and
shows, alternating between the instances:

- a token's rate limit: the first N requests pass, the next one is a 429
  whichever instance it reaches;
- sign-in throttling per username: failed attempts spread over both instances
  add up, and the next attempt is a 429 on either;
- sign-out: a key signed in on one instance works on the other until it is
  signed out on the first, then the other refuses it (401).

The Redis database of ``CACHE_URL`` is emptied first (use a database number of
your own). Exits non-zero if any expectation fails.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager

from tests.benchmarks.export import ROOT, setup

TOKEN_RATE, LOGIN_RATE = 6, 4
URL = "/api/v1/oms/cities/"


@contextmanager
def instance(port, env):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                if call(port, "GET", "/api/v1/active_user/")[0] == 401:
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def call(port, method, path, key=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Token {key}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, json.loads(payload) if payload else None


def check(label, expected, got, failures):
    ok = expected == got
    print(f"{'ok  ' if ok else 'FAIL'} {label}: expected {expected}, got {got}")
    if not ok:
        failures.append(label)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", default="18401,18402", help="two loopback ports")
    args = parser.parse_args()
    if not os.environ.get("CACHE_URL"):
        sys.exit("Set CACHE_URL to a Redis database of your own (redis://127.0.0.1:6379/N).")
    setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection

    from authentication.models import APIToken

    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL (set DATABASE_URL).")
    cache.clear()
    password = "instances-demo-password"
    user, _ = get_user_model().objects.get_or_create(username="instances-demo", defaults={"is_staff": True})
    user.set_password(password)
    user.save()
    APIToken.objects.filter(user=user).delete()
    connection.close()

    env = {
        **os.environ,
        "API_RATE_PER_TOKEN": f"{TOKEN_RATE}/min",
        "LOGIN_RATE_PER_USERNAME": f"{LOGIN_RATE}/min",
        "LOGIN_RATE_PER_ADDRESS": "100/min",
        "DEBUG": "0",
    }
    ports = [int(port) for port in args.ports.split(",")]
    failures = []
    with ExitStack() as stack:
        a, b = (stack.enter_context(instance(port, env)) for port in ports)
        print(
            f"two instances: 127.0.0.1:{a} and 127.0.0.1:{b}, one database, Redis {os.environ['CACHE_URL']}"
        )

        def alternate(count, method, path, key=None, body=None):
            return [call((a, b)[index % 2], method, path, key, body)[0] for index in range(count)]

        credentials = {"username": user.username, "password": password}
        status, body = call(a, "POST", "/api/v1/auth/login/", body=credentials)
        check(f"sign in on :{a}", 200, status, failures)
        key = body["key"]
        check(f"the key works on :{b}", 200, call(b, "GET", "/api/v1/active_user/", key)[0], failures)
        check(f"sign out on :{a}", 200, call(a, "POST", "/api/v1/auth/logout/", key)[0], failures)
        check(f"the signed-out key on :{b}", 401, call(b, "GET", "/api/v1/active_user/", key)[0], failures)

        # A fresh key: its budget counts every API request it makes, on either instance.
        key = call(b, "POST", "/api/v1/auth/login/", body=credentials)[1]["key"]
        check(
            f"a token's {TOKEN_RATE}/min over both instances, requests alternating",
            [200] * TOKEN_RATE + [429] * 3,
            alternate(TOKEN_RATE + 3, "GET", URL, key),
            failures,
        )

        # The two sign-ins above were attempts at this username too.
        wrong = {"username": user.username, "password": "not-the-password"}
        check(
            f"sign-in attempts at one username, {LOGIN_RATE}/min (two made above), alternating",
            [400] * (LOGIN_RATE - 2) + [429] * 3,
            alternate(LOGIN_RATE + 1, "POST", "/api/v1/auth/login/", body=wrong),
            failures,
        )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
