"""Reloading ``docs_examples`` (``make run`` a second time) keeps what the user did meanwhile."""

import pytest
from django.apps import apps
from django.core.management import call_command

from authentication.models import APIToken
from tests.conftest import client_for
from tests.factories import ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVE_USER = "/api/v1/active_user/"
ORDERS = "/api/v1/remote/1/data-warehouse/orders/orders/"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_grants_tokens_and_new_records_survive_a_second_load(docs_examples):
    reporter = UserFactory(username="etl-job")
    other_channel = ChannelFactory()
    for channel in (apps.get_model("sales_channels.Channel").objects.get(pk=1), other_channel):
        channel.users.add(reporter)
    client = client_for(reporter)
    digest = APIToken.objects.get(user=reporter).digest
    assert client.get(ORDERS).status_code == 200
    before = row_counts()

    call_command("loaddata", "docs_examples", verbosity=0)

    assert row_counts() == before
    assert APIToken.objects.get(user=reporter).digest == digest
    assert client.get(ACTIVE_USER).json()["channels"] == [1, other_channel.pk]
    orders = client.get(ORDERS)
    assert orders.status_code == 200 and orders.json()["count"] > 0
