"""Loyalty money: accounts, the transactions that move it and their transfers (sections 34-36).

A transaction (a payment with loyalty money, a refund) is booked as transfers
between accounts, one per account with a signed amount, as in double-entry
bookkeeping: the documented transaction 1 moves 300.70 from account 134 to 135.
"""

import uuid

from django.db import models

from api.fields import money
from sales_channels.models import ChannelOwned


class LoyaltyRecord(ChannelOwned):
    """What every loyalty record carries: a currency and a public UUID."""

    currency = models.CharField(max_length=8, help_text="Currency code, lower case (try, eur).")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta(ChannelOwned.Meta):
        abstract = True


class LoyaltyAccount(LoyaltyRecord):
    """A loyalty account: a customer's, or one of the shop's own (refunds, campaigns) with no user.

    ``user_email`` is the owner's address as recorded on the account, which is
    what the documentation serves whatever the user record says now.
    """

    number = models.CharField(max_length=128)
    user_email = models.EmailField(max_length=254, null=True, blank=True)
    balance = money(default=0)
    debit_allowed = models.BooleanField(default=False, help_text="Whether the balance may go below zero.")
    user = models.ForeignKey(
        "dw_accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="loyalty_accounts"
    )

    def __str__(self):
        return self.number


class LoyaltyTransaction(LoyaltyRecord):
    """A movement of loyalty money, for an order (``reference`` is then its number) or by hand."""

    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    amount = money()
    user_email = models.EmailField(max_length=254, null=True, blank=True)
    reference = models.CharField(max_length=128, blank=True, db_index=True)
    order = models.ForeignKey(
        "dw_orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_transactions",
    )
    user = models.ForeignKey(
        "dw_accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loyalty_transactions",
    )

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.reference})"


class LoyaltyTransfer(LoyaltyRecord):
    """One account's side of a transaction: a negative amount leaves it, a positive one enters it."""

    amount = money()
    reference = models.CharField(max_length=128, blank=True, db_index=True)
    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="transfers")
    transaction = models.ForeignKey(LoyaltyTransaction, on_delete=models.CASCADE, related_name="transfers")

    def __str__(self):
        return f"{self.amount} {self.currency} to {self.account}"
