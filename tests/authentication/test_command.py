"""``manage.py create_reporting_user``: an account for a reporting job, granted its channels."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from authentication.models import APIToken, digest
from tests.factories import ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-reporting-password"


def create(*args, **options):
    out = io.StringIO()
    call_command("create_reporting_user", *args, interactive=False, stdout=out, **options)
    return out.getvalue().splitlines()


def sign_in(username, password):
    return APIClient().post(
        "/api/v1/auth/login/", {"username": username, "password": password}, format="json"
    )


def test_creates_a_user_that_signs_in_and_reads_its_channels(monkeypatch):
    granted, _ = ChannelFactory(), ChannelFactory()
    monkeypatch.setenv("REPORTING_USER_PASSWORD", PASSWORD)
    lines = create("etl-job", "--channel", str(granted.pk), email="etl@example.com")
    user = User.objects.get(username="etl-job")
    assert APIToken.objects.get(user=user).digest == digest(lines[-1])
    assert (user.email, user.is_staff, user.is_superuser) == ("etl@example.com", False, False)

    assert sign_in("etl-job", PASSWORD).status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {lines[-1]}")
    assert client.get("/api/v1/active_user/").json()["channels"] == [granted.pk]


def test_without_a_password_the_user_works_with_its_token_only(monkeypatch):
    monkeypatch.delenv("REPORTING_USER_PASSWORD", raising=False)
    channel = ChannelFactory()
    lines = create("token-only", "--channel", str(channel.pk))
    assert not User.objects.get(username="token-only").has_usable_password()
    assert sign_in("token-only", "").status_code == 400
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {lines[-1]}")
    assert client.get("/api/v1/active_user/").status_code == 200


def test_running_it_again_adds_channels_and_mints_another_named_token(monkeypatch):
    monkeypatch.delenv("REPORTING_USER_PASSWORD", raising=False)
    first, second = ChannelFactory(), ChannelFactory()
    key = create("etl-job", "--channel", str(first.pk))[-1]
    again = create("etl-job", "--channel", str(second.pk))[-1]
    user = User.objects.get(username="etl-job")
    assert list(user.channels.order_by("id")) == [first, second]
    assert again != key
    tokens = user.api_tokens.order_by("id")
    assert [t.name for t in tokens] == ["reporting job", "reporting job 2"]
    assert [t.digest for t in tokens] == [digest(key), digest(again)]
    for each in (key, again):  # the first keeps working until it is revoked
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {each}")
        assert client.get("/api/v1/active_user/").status_code == 200


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["etl-job", "--channel", "987654"], PASSWORD, "No channel with id 987654"),
        (["etl-job"], "123", "too short"),
        (["bad name!"], PASSWORD, "Enter a valid username"),
        (["etl-job", "--token-name", "x" * 65], PASSWORD, "at most 64 characters"),
        (["etl-job", "--expires", "2001-01-01"], PASSWORD, "in the past"),
        (["etl-job", "--expires", "soon"], PASSWORD, "is not a date"),
    ],
)
def test_bad_input_changes_nothing(monkeypatch, args, password, message):
    monkeypatch.setenv("REPORTING_USER_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        create(*args)
    assert not User.objects.exists()
    assert not APIToken.objects.exists()


def test_it_refuses_to_touch_a_staff_user(monkeypatch):
    monkeypatch.setenv("REPORTING_USER_PASSWORD", PASSWORD)
    UserFactory(username="boss", is_staff=True)
    with pytest.raises(CommandError, match="staff"):
        create("boss")
    assert not APIToken.objects.exists()
