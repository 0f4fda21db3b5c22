"""Loyalty factories: a transfer's transaction and account, and their users, share its channel."""

import decimal

import factory

from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.factories import ChannelChildFactory, ChannelFactory


class LoyaltyAccountFactory(factory.django.DjangoModelFactory):
    """A customer's account; ``user=None, user_email=None`` for one of the shop's own."""

    class Meta:
        model = LoyaltyAccount

    channel = factory.SubFactory(ChannelFactory)
    user = factory.SubFactory(CustomerFactory, channel=factory.SelfAttribute("..channel"))
    user_email = factory.LazyAttribute(lambda account: account.user.email if account.user else None)
    currency = "try"
    number = factory.Sequence(lambda n: f"{9000 + n}")
    balance = decimal.Decimal("150.00")


class LoyaltyTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltyTransaction

    channel = factory.SubFactory(ChannelFactory)
    user = factory.SubFactory(CustomerFactory, channel=factory.SelfAttribute("..channel"))
    user_email = factory.LazyAttribute(
        lambda transaction: transaction.user.email if transaction.user else None
    )
    currency = "try"
    amount = decimal.Decimal("300.70")
    reference = factory.Sequence(lambda n: f"24310865{n:08d}")
    remote_addr = factory.Faker("ipv4_public")


class LoyaltyTransferFactory(ChannelChildFactory):
    """The side of a transaction that credits an account of the same channel."""

    _parent = "transaction"

    class Meta:
        model = LoyaltyTransfer

    transaction = factory.SubFactory(LoyaltyTransactionFactory)
    channel = factory.SelfAttribute("transaction.channel")
    account = factory.SubFactory(LoyaltyAccountFactory, channel=factory.SelfAttribute("..channel"))
    currency = factory.SelfAttribute("transaction.currency")
    amount = factory.SelfAttribute("transaction.amount")
    reference = factory.SelfAttribute("transaction.reference")
