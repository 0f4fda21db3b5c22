"""Volume data for loyalty money, booked as the documented records are (double entry).

Orders paid with loyalty money move their amount from the customer's account
to the channel's payment account; half the refunded orders are refunded to the
customer's account from the channel's refund account; and a customer's account
is first topped up from the channel's campaign account with more than it
spends. Each movement is one transaction and two transfers (one negative, one
positive), and every balance touched is then the sum of its transfers.

An account is known by ``(channel id, currency, owner)``: the owner is a user
id, or the kind of a shop account ("Payment", "Refund", "Campaign").
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum

from api.volume_data.generation import ip_address, money, uuid4
from datawarehouse.loyalty.models import LoyaltyAccount, LoyaltyTransaction, LoyaltyTransfer
from datawarehouse.orders.models import Order, OrderStatus

AFTER = ("sales_channels", "dw_accounts", "dw_orders")

DAY = datetime.timedelta(days=1)
PAID_WITH_LOYALTY = "loyalty-money"


@dataclass
class Move:
    source: tuple
    target: tuple
    amount: Decimal
    moment: datetime.datetime
    user_id: int
    user_email: str
    order_id: int | None = None
    reference: str = ""

    @property
    def channel_id(self):
        return self.source[0]

    @property
    def currency(self):
        return self.source[1]


def generate(volume):
    start = LoyaltyTransaction.objects.count()
    rng = volume.rng("dw_loyalty.loyaltytransaction", start)
    moves = movements(rng)
    accounts = open_accounts(volume, moves)
    volume.insert(LoyaltyTransaction, (transaction(rng, move) for move in moves), len(moves))

    transfer_rng = volume.rng("dw_loyalty.loyaltytransfer", LoyaltyTransfer.objects.count())
    rows = [
        LoyaltyTransfer(
            channel_id=move.channel_id,
            currency=move.currency,
            uuid=uuid4(transfer_rng),
            amount=amount,
            reference=move.reference,
            account_id=accounts[key],
            transaction_id=transaction_id,
            created_date=move.moment,
            modified_date=move.moment,
        )
        for move, transaction_id in zip(moves, volume.ids(LoyaltyTransaction)[start:], strict=True)
        for key, amount in ((move.source, -move.amount), (move.target, move.amount))
    ]
    volume.insert(LoyaltyTransfer, rows, len(rows))
    settle(list(dict.fromkeys(row.account_id for row in rows)))


def movements(rng) -> list[Move]:
    """The run's movements: each customer's top-up (before its first order), then payments and refunds."""
    orders = (
        Order.objects.filter(loyalty_transactions__isnull=True)
        .filter(Q(payment_option_slug=PAID_WITH_LOYALTY) | Q(status=OrderStatus.REFUNDED))
        .order_by("pk")
        .values_list(
            "pk", "channel_id", "currency", "user_id", "user_email", "number", "amount", "status",
            "payment_option_slug", "created_date",
        )
    )  # fmt: skip
    moves, spent, earliest = [], {}, {}
    for pk, channel_id, currency, user_id, email, number, amount, status, payment, created in orders:
        customer = (channel_id, currency, user_id)
        order = {"order_id": pk, "reference": number, "user_id": user_id, "user_email": email}
        paid = payment == PAID_WITH_LOYALTY
        refunded = status == OrderStatus.REFUNDED and rng.random() < 0.5
        if paid:
            moves.append(Move(customer, (channel_id, currency, "Payment"), amount, created, **order))
        if refunded:
            moves.append(Move((channel_id, currency, "Refund"), customer, amount, created + 2 * DAY, **order))
        if paid or refunded:
            spent[customer] = spent.get(customer, 0) + (amount if paid else 0)
            earliest[customer] = min(earliest.get(customer, (created, email)), (created, email))
    top_ups = [
        Move(
            (channel_id, currency, "Campaign"),
            (channel_id, currency, user_id),
            spent[channel_id, currency, user_id] + money(rng, 50, 500),
            created - 30 * DAY,
            user_id,
            email,
        )
        for (channel_id, currency, user_id), (created, email) in earliest.items()
    ]
    return top_ups + moves


def open_accounts(volume, moves) -> dict[tuple, int]:
    """The id of every account the moves touch, opening the ones that do not exist yet."""
    number = LoyaltyAccount.objects.count()
    rng = volume.rng("dw_loyalty.loyaltyaccount", number)
    accounts = known_accounts()
    emails, opened, changed = {}, {}, {}
    for move in moves:
        for key in (move.source, move.target):
            opened[key] = min(opened.get(key, move.moment), move.moment)
            changed[key] = max(changed.get(key, move.moment), move.moment)
        emails[move.target] = move.user_email
    rows = []
    for key in opened:
        if key in accounts:
            continue
        channel_id, currency, owner = key
        shop = isinstance(owner, str)
        number += 1
        created = opened[key] - datetime.timedelta(seconds=rng.randrange(1, 30 * 24 * 3600))
        rows.append(
            LoyaltyAccount(
                channel_id=channel_id,
                currency=currency,
                uuid=uuid4(rng),
                # Shop accounts are named as the documented one is ("Refund Account-try").
                number=f"{owner} Account-{currency}" if shop else f"{9000 + number}",
                user_email=None if shop else emails[key],
                debit_allowed=shop,
                user_id=None if shop else owner,
                created_date=created,
                modified_date=changed[key],
            )
        )
    volume.insert(LoyaltyAccount, rows, len(rows))
    return known_accounts()


def known_accounts() -> dict[tuple, int]:
    accounts = {}
    for pk, channel_id, currency, user_id, number in LoyaltyAccount.objects.order_by("pk").values_list(
        "pk", "channel_id", "currency", "user_id", "number"
    ):
        owner = user_id if user_id is not None else number.removesuffix(f" Account-{currency}")
        accounts.setdefault((channel_id, currency, owner), pk)
    return accounts


def transaction(rng, move):
    return LoyaltyTransaction(
        channel_id=move.channel_id,
        currency=move.currency,
        uuid=uuid4(rng),
        remote_addr=ip_address(rng),
        amount=move.amount,
        user_email=move.user_email,
        reference=move.reference,
        order_id=move.order_id,
        user_id=move.user_id,
        created_date=move.moment,
        modified_date=move.moment,
    )


def settle(account_ids):
    """Every touched account's balance becomes the sum of its transfers, in one UPDATE."""
    total = (
        LoyaltyTransfer.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    LoyaltyAccount.objects.filter(pk__in=account_ids).update(balance=Subquery(total))
