"""Loyalty accounts, transfers and transactions (sections 34-36), through HTTP."""

from decimal import Decimal

import pytest

from tests.datawarehouse.loyalty.factories import (
    LoyaltyAccountFactory,
    LoyaltyTransactionFactory,
    LoyaltyTransferFactory,
)
from tests.datawarehouse.orders.factories import OrderFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/loyalty/{name}/"


def rows(client, name, channel=1, **params):
    return results(client, URL.format(channel=channel, name=name), {"page_size": 100, **params})


def ids(client, name, channel, **params):
    return [row["id"] for row in rows(client, name, channel, sort="id", **params)]


@pytest.mark.parametrize(
    "name, doc",
    [
        ("accounts", "dw_loyalty_accounts"),
        ("transfers", "dw_loyalty_transfers"),
        ("transactions", "dw_loyalty_transactions"),
    ],
)
def test_documented_records_come_back_as_documented(api_client, docs_examples, name, doc):
    expected = documented(doc)["results"]
    served = rows(api_client, name)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())
    # In the documented order too (accounts newest first).
    documented_ids = [row["id"] for row in expected]
    assert [row["id"] for row in served if row["id"] in documented_ids] == documented_ids


def test_documented_transfers_balance_their_transaction(api_client, docs_examples):
    transfers = rows(api_client, "transfers", transaction=1)
    assert sum(Decimal(row["amount"]) for row in transfers) == 0
    assert {row["reference"] for row in transfers} == {"2431086506011755"}


def test_accounts_filter_by_user_and_number(api_client, channel):
    account = LoyaltyAccountFactory(channel=channel)
    shop_account = LoyaltyAccountFactory(
        channel=channel, user=None, user_email=None, number="Refund Account-try"
    )
    assert ids(api_client, "accounts", channel.pk, user=account.user_id) == [account.pk]
    assert ids(api_client, "accounts", channel.pk, number="Refund Account-try") == [shop_account.pk]
    assert ids(api_client, "accounts", channel.pk, user_email=account.user_email) == [account.pk]
    assert rows(api_client, "accounts", channel.pk, id=shop_account.pk)[0]["user"] is None


def test_transfers_filter_by_account_and_transaction(api_client, channel):
    transfer = LoyaltyTransferFactory(channel=channel)
    debit = LoyaltyTransferFactory(transaction=transfer.transaction, amount=-transfer.amount)
    other = LoyaltyTransferFactory(channel=channel)
    assert ids(api_client, "transfers", channel.pk, transaction=transfer.transaction_id) == [
        transfer.pk,
        debit.pk,
    ]
    assert ids(api_client, "transfers", channel.pk, account=other.account_id) == [other.pk]
    assert ids(api_client, "transfers", channel.pk, reference=other.reference) == [other.pk]


def test_transactions_filter_by_user_and_order(api_client, channel):
    order = OrderFactory(channel=channel)
    for_order = LoyaltyTransactionFactory(
        channel=channel, order=order, user=order.user, reference=order.number
    )
    by_hand = LoyaltyTransactionFactory(channel=channel, reference="")
    assert ids(api_client, "transactions", channel.pk, order=order.pk) == [for_order.pk]
    assert ids(api_client, "transactions", channel.pk, user=by_hand.user_id) == [by_hand.pk]
    assert ids(api_client, "transactions", channel.pk, reference=order.number) == [for_order.pk]
    served = rows(api_client, "transactions", channel.pk, id=for_order.pk)[0]
    assert (served["order"], served["user"], served["amount"]) == (order.pk, order.user_id, "300.70")
