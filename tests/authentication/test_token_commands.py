"""The token commands: create_token, revoke_token, expire_legacy_tokens, purge_expired_tokens."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from authentication.models import APIToken, digest
from tests.factories import TokenFactory

pytestmark = pytest.mark.django_db

ACTIVE_USER = "/api/v1/active_user/"


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().splitlines()


def status(client, key):
    return client.get(ACTIVE_USER, HTTP_AUTHORIZATION=f"Token {key}").status_code


def snapshot():
    return sorted(APIToken.objects.values_list("user_id", "name", "digest", "expires"))


def test_create_token_prints_a_key_once_that_works(anonymous_client, user, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    key = run("create_token", "reporter", "--name", "nightly")[-1]
    token = APIToken.objects.get(user=user)
    assert (token.name, token.digest, token.sign_in, token.legacy) == ("nightly", digest(key), False, False)
    assert timedelta(days=29, hours=23) < token.expires - timezone.now() <= timedelta(days=30)
    assert status(anonymous_client, key) == 200


@pytest.mark.parametrize(
    "expires, expected",
    [
        ("never", None),
        ("2099-06-30", datetime(2099, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2099-06-30T12:00:00+02:00", datetime(2099, 6, 30, 10, tzinfo=UTC)),
    ],
)
def test_create_token_takes_its_own_expiry(user, expires, expected):
    run("create_token", "reporter", "--name", "job", "--expires", expires)
    assert APIToken.objects.get(user=user).expires == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "--name", "job"], "No user named 'nobody'"),
        (["reporter", "--name", "taken"], "reporter already has a token named 'taken'"),
        (["reporter", "--name", "x" * 65], "at most 64 characters, not 65"),
        (["reporter", "--name", " "], "needs a name"),
        (["reporter", "--name", "job", "--expires", "2001-01-01"], "is in the past"),
        (["reporter", "--name", "job", "--expires", "tomorrow"], "is not a date"),
    ],
)
def test_create_token_refuses_bad_input_and_changes_nothing(user, args, message):
    TokenFactory(user=user, name="taken")
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run("create_token", *args)
    assert snapshot() == before


def test_revoke_token_refuses_the_key_at_once(anonymous_client, user):
    kept, revoked = TokenFactory(user=user, name="kept"), TokenFactory(user=user, name="old")
    assert status(anonymous_client, revoked.key) == 200
    assert run("revoke_token", "reporter", "--name", "old") == ["Revoked 1 token of reporter."]
    assert (status(anonymous_client, revoked.key), status(anonymous_client, kept.key)) == (401, 200)
    assert run("revoke_token", "reporter", "--all") == ["Revoked 1 token of reporter."]
    assert status(anonymous_client, kept.key) == 401


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "--name", "job"], "No user named 'nobody'"),
        (["reporter", "--name", "missing"], "reporter has no token named 'missing'"),
    ],
)
def test_revoke_token_refuses_bad_input_and_changes_nothing(user, args, message):
    TokenFactory(user=user, name="job")
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run("revoke_token", *args)
    assert snapshot() == before


def test_expire_legacy_tokens_ends_them_all_at_once(anonymous_client, user):
    legacy = [TokenFactory(user=user, legacy=True) for _ in range(2)]
    current = TokenFactory(user=user)
    assert status(anonymous_client, legacy[0].key) == 200  # remembered by this process
    assert run("expire_legacy_tokens") == ["Expired 2 legacy tokens."]
    for token in legacy:
        response = anonymous_client.get(ACTIVE_USER, HTTP_AUTHORIZATION=f"Token {token.key}")
        assert (response.status_code, response.json()) == (401, {"detail": "Token expired."})
    assert status(anonymous_client, current.key) == 200
    assert run("expire_legacy_tokens") == ["Expired 0 legacy tokens."]


def test_purge_expired_tokens_deletes_only_expired_ones(user):
    past = timezone.now() - timedelta(seconds=1)
    TokenFactory(user=user, expires=past)
    TokenFactory(user=user, expires=past, sign_in=True)
    kept = [TokenFactory(user=user), TokenFactory(user=user, expires=timezone.now() + timedelta(days=1))]
    assert run("purge_expired_tokens") == ["Deleted 2 expired tokens."]
    assert sorted(APIToken.objects.values_list("pk", flat=True)) == sorted(t.pk for t in kept)
