"""Volume data for baskets: a third of the scale in baskets, a scale's worth of basket lines.

A basket is a user's or anonymous; its lines take its channel and hold products of that channel.
"""

import datetime

from api.volume_data.generation import TAX_RATES, money, spread, uuid4
from datawarehouse.accounts.models import User
from datawarehouse.baskets.models import Basket, BasketItem
from datawarehouse.products.models import Product

AFTER = ("sales_channels", "dw_accounts", "dw_products")

Status = Basket.Status
STATUSES = [Status.SUBMITTED] * 4 + [Status.ACTIVE] * 3 + [Status.INACTIVE, Status.EXPIRED, Status.MERGED]


def version(moment: datetime.datetime) -> int:
    """Akinon's version stamp: the change time in microseconds."""
    return int(moment.timestamp()) * 10**6 + moment.microsecond


def generate(volume):
    products = volume.by_channel(Product)
    if not products:
        return
    start = Basket.objects.count()
    rng = volume.rng("dw_baskets.basket", start)
    users = [row for row in User.objects.order_by("pk").values_list("pk", "channel_id") if row[1] in products]
    channels = sorted(products)
    total = max(volume.scale // 3, 1)
    volume.insert(Basket, (basket(volume, rng, users, channels, start + n) for n in range(total)), total)

    baskets = list(Basket.objects.order_by("pk").values_list("pk", "channel_id", "created_date")[start:])
    item_rng = volume.rng("dw_baskets.basketitem", BasketItem.objects.count())
    volume.insert(
        BasketItem,
        (item(item_rng, parent, products) for parent in spread(item_rng, baskets, volume.scale)),
        volume.scale,
    )


def basket(volume, rng, users, channels, number):
    created, modified = volume.timestamps(rng)
    user_id, channel_id = rng.choice(users) if users and rng.random() < 0.7 else (None, rng.choice(channels))
    return Basket(
        channel_id=channel_id,
        status=rng.choice(STATUSES),
        version=version(modified),
        voucher_code=f"KUPON{uuid4(rng).hex[:8].upper()}" if rng.random() < 0.05 else None,
        namespace=rng.choice(["checkout", "gift"]) if rng.random() < 0.05 else None,
        user_id=user_id,
        created_date=created,
        modified_date=modified,
    )


def item(rng, parent, products):
    basket_id, channel_id, basket_created = parent
    created = basket_created + datetime.timedelta(seconds=rng.randrange(3 * 24 * 3600))
    product_id = rng.choice(products[channel_id])
    priced = rng.random() < 0.5
    return BasketItem(
        channel_id=channel_id,
        basket_id=basket_id,
        product_id=product_id,
        # The reference is the product's id, as in the documented lines.
        reference=str(product_id),
        quantity=rng.choice((1, 1, 1, 1, 2, 2, 3)),
        currency_type="try" if priced else None,
        unit_price=money(rng, 20, 2000) if priced else None,
        tax_rate=rng.choice(TAX_RATES) if priced else None,
        version=version(created),
        created_date=created,
        modified_date=created,
    )
