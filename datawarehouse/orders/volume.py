"""Volume data for orders: a third of the scale in orders holding a scale's worth of items,
a payment transaction per order (and some failed attempts and refunds), discount items and
the items they apply to.

An order is a user's, shipped to and billed at addresses of that user (or of its
channel), placed from one of the user's submitted baskets while there are some;
every row hanging off it takes its channel; its amount is its items' total less
its discount plus shipping.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from api.volume_data.generation import CENTS, CURRENCIES, LANGUAGES, TAX_RATES, money, spread, uuid4
from datawarehouse.accounts.models import Address, User
from datawarehouse.baskets.models import Basket
from datawarehouse.campaigns.models import BasketOffer
from datawarehouse.orders.models import BenefitApplicant, DiscountItem, Order, OrderItem, OrderStatus
from datawarehouse.orders.models import Transaction as Payment
from datawarehouse.payments.models import Pos
from datawarehouse.products.models import Product
from datawarehouse.shippings.models import ShippingOption

AFTER = (
    "sales_channels",
    "dw_accounts",
    "dw_products",
    "dw_baskets",
    "dw_payments",
    "dw_shippings",
    "dw_campaigns",
)

S = OrderStatus
STATUSES = [S.DELIVERED] * 8 + [S.SHIPPED] * 3 + [S.APPROVED, S.PREPARING] * 2
STATUSES += [S.CANCELLED, S.REFUNDED, S.WAITING, S.PAYMENT_WAITING]
SENT = {S.SHIPPED, S.DELIVERED, S.REFUNDED}
UNPAID = {S.WAITING, S.PAYMENT_WAITING}
C = Order.ClientType
CLIENT_TYPES = [C.DEFAULT] * 5 + [C.ANDROID, C.IOS] * 2 + [C.INSTORE, C.B2B]
SHIPPING_COMPANIES = ["yurtici", "aras", "mng", "ups", "surat"]
# (slug, id): payment options are records no endpoint serves.
PAYMENT_OPTIONS = [("credit-card", 1)] * 7 + [
    ("funds-transfer", 2),
    ("pay-on-delivery", 3),
    ("loyalty-money", 4),
]
BINS = ["450803", "454360", "540667", "552608", "979217", "402277"]
DISCOUNT_NAMES = [
    "Winter items with 20% discount!",
    "Sepette %10 indirim",
    "2 al 1 öde",
    "500 TL üzeri 50 TL indirim",
    "Yeni üyelere özel",
]
FREE_SHIPPING_FROM = Decimal(500)
SHIPPING_FEES = [Decimal("29.90"), Decimal("39.90"), Decimal("49.90")]
DISCOUNT_RATES = [Decimal("0.05"), Decimal("0.10"), Decimal("0.20")]
HOUR = datetime.timedelta(hours=1)


@dataclass
class References:
    """What orders point at, per channel or per user, read with one query per table."""

    users: list  # (pk, channel id, email) of users whose channel has products and addresses
    products: dict
    addresses: dict  # (user id, channel id) → the user's addresses
    channel_addresses: dict
    baskets: dict  # (user id, channel id) → the user's submitted baskets no order came from yet
    shipping_options: dict  # channel id → (pk, slug)
    pos: dict
    offers: dict

    @classmethod
    def load(cls, volume):
        products = volume.by_channel(Product)
        channel_addresses = volume.by_channel(Address)
        addresses = defaultdict(list)
        for user_id, channel_id, pk in Address.objects.order_by("pk").values_list(
            "user_id", "channel_id", "pk"
        ):
            addresses[user_id, channel_id].append(pk)
        baskets = defaultdict(list)
        unused = Basket.objects.filter(
            status=Basket.Status.SUBMITTED, user__isnull=False, orders__isnull=True
        )
        for user_id, channel_id, pk in unused.order_by("pk").values_list("user_id", "channel_id", "pk"):
            baskets[user_id, channel_id].append(pk)
        users = [
            row
            for row in User.objects.order_by("pk").values_list("pk", "channel_id", "email")
            if row[1] in products and row[1] in channel_addresses
        ]
        return cls(
            users=users,
            products=products,
            addresses=addresses,
            channel_addresses=channel_addresses,
            baskets=baskets,
            shipping_options=volume.by_channel(ShippingOption, "slug"),
            pos=volume.by_channel(Pos),
            offers=volume.by_channel(BasketOffer),
        )


def generate(volume):
    refs = References.load(volume)
    if not refs.users:
        return
    start = Order.objects.count()
    rng = volume.rng("dw_orders.order", start)
    item_rng = volume.rng("dw_orders.orderitem", OrderItem.objects.count())
    total = max(volume.scale // 3, 1)
    sizes = Counter(spread(rng, range(total), volume.scale))
    orders, carts = [], []
    volume.insert(
        Order,
        (order(volume, rng, item_rng, refs, start + n, sizes[n], orders, carts) for n in range(total)),
        total,
    )
    # The in-memory orders get the ids the database gave them (inserted in order, ids ascending).
    for instance, pk in zip(orders, volume.ids(Order)[start:], strict=True):
        instance.pk = pk
    first_item = OrderItem.objects.count()
    rows = [(instance, entry) for instance, cart in zip(orders, carts, strict=True) for entry in cart]
    volume.insert(OrderItem, (item(item_rng, *row) for row in rows), len(rows))
    payments(volume, orders, refs)
    discounts(volume, orders, refs, first_item)


def order(volume, rng, item_rng, refs, number, size, orders, carts):
    created, modified = volume.timestamps(rng)
    user_id, channel_id, user_email = rng.choice(refs.users)
    status = rng.choice(STATUSES)
    cart = [line(item_rng, refs.products[channel_id]) for _ in range(size)]
    subtotal = sum((price for _, price, _, _ in cart), Decimal("0.00"))
    discount = (
        (subtotal * rng.choice(DISCOUNT_RATES)).quantize(CENTS) if rng.random() < 0.3 else Decimal("0.00")
    )
    shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM else rng.choice(SHIPPING_FEES)
    amount = subtotal - discount + shipping
    refunded = status == S.REFUNDED
    shipping_address = address(rng, refs, user_id, channel_id)
    payment_slug, payment_id = rng.choice(PAYMENT_OPTIONS)
    card = payment_slug == "credit-card"
    installments = rng.choice((1, 1, 1, 1, 3, 6, 9)) if card else 1
    shipping_option_id, shipping_slug = rng.choice(refs.shipping_options.get(channel_id) or [(None, "")])
    sent = status in SENT
    tracking = f"{rng.randrange(10**11):011d}" if sent else None
    invoice = f"AKN{created.year}{number + 1:09d}" if sent else None
    gift = rng.random() < 0.03
    basket = refs.baskets.get((user_id, channel_id))
    instance = Order(
        channel_id=channel_id,
        status=status,
        currency=rng.choice(CURRENCIES),
        client_type=rng.choice(CLIENT_TYPES),
        shipping_company=rng.choice(SHIPPING_COMPANIES) if sent else None,
        # Unique by its last ten digits (the row's number); sixteen digits, as Akinon's.
        number=f"{rng.randrange(100000, 1000000)}{number:010d}",
        amount=amount,
        discount_amount=discount,
        shipping_amount=shipping,
        shipping_tax_rate=Decimal("20.00") if shipping and rng.random() < 0.5 else None,
        refund_amount=amount if refunded else Decimal("0.00"),
        discount_refund_amount=discount if refunded else Decimal("0.00"),
        shipping_refund_amount=shipping if refunded else Decimal("0.00"),
        invoice_number=invoice,
        invoice_date=created + 24 * HOUR if sent else None,
        e_archive_url=f"https://earsiv.example.com/{invoice}.pdf" if sent and rng.random() < 0.5 else None,
        tracking_number=tracking,
        shipping_tracking_url=f"https://kargotakip.example.com/?code={tracking}" if sent else None,
        # Masked, as the documented addresses are ("159.XXX.102.XXX").
        remote_addr=f"{rng.randrange(1, 224)}.XXX.{rng.randrange(256)}.XXX",
        has_gift_box=gift,
        gift_box_note="İyi ki doğdun!" if gift else None,
        language_code=rng.choice(LANGUAGES),
        notes="Zili çalmayın lütfen." if rng.random() < 0.02 else None,  # noqa: RUF001
        extra_field={"funds_transfer": {"reference_code": f"{rng.randrange(10**15):015d}"}}
        if payment_slug == "funds-transfer"
        else {},
        user_email=user_email,
        shipping_option_slug=shipping_slug,
        payment_option_slug=payment_slug,
        bin_number=rng.choice(BINS) if card else None,
        installment_count=installments,
        installment_interest_amount=(amount * Decimal("0.02") * installments).quantize(CENTS)
        if installments > 1
        else Decimal("0.00"),
        user_id=user_id,
        basket_id=basket.pop(0) if basket else None,
        shipping_option_id=shipping_option_id,
        payment_option=payment_id,
        card=rng.randrange(1, 10**5) if card and rng.random() < 0.3 else None,
        shipping_address_id=shipping_address,
        billing_address_id=shipping_address
        if rng.random() < 0.8
        else address(rng, refs, user_id, channel_id),
        created_date=created,
        modified_date=modified,
    )
    orders.append(instance)
    carts.append(cart)
    return instance


def line(rng, products):
    """An order line's product, price, retail price (the price before a markdown) and tax rate."""
    price = money(rng, 20, 1500)
    retail_price = price if rng.random() < 0.5 else (price * Decimal("1.25")).quantize(CENTS)
    return rng.choice(products), price, retail_price, rng.choice(TAX_RATES)


def address(rng, refs, user_id, channel_id):
    """One of the user's addresses, or else one of its channel's."""
    return rng.choice(refs.addresses.get((user_id, channel_id)) or refs.channel_addresses[channel_id])


def item(rng, order, line):
    product_id, price, retail_price, tax_rate = line
    status = order.status if rng.random() < 0.95 else rng.choice((S.CANCELLED, S.REFUNDED))
    return OrderItem(
        channel_id=order.channel_id,
        order_id=order.pk,
        product_id=product_id,
        status=status,
        price_currency=order.currency,
        shipping_company=order.shipping_company,
        price=price,
        tax_rate=tax_rate,
        retail_price=retail_price,
        invoice_number=order.invoice_number,
        invoice_date=order.invoice_date,
        e_archive_url=order.e_archive_url,
        tracking_number=order.tracking_number,
        shipping_tracking_url=order.shipping_tracking_url,
        image=f"products/{order.created_date:%Y/%m/%d}/{uuid4(rng)}.jpg" if rng.random() < 0.5 else None,
        extra_field={"price_extra_field": {}, "stock_extra_field": {}},
        estimated_delivery_date=(order.created_date + 72 * HOUR).date() if rng.random() < 0.3 else None,
        created_date=order.created_date,
        modified_date=order.modified_date,
    )


def payments(volume, orders, refs):
    """Each paid order's purchase, a refund for each refunded one, and one failed attempt in ten."""
    rng = volume.rng("dw_orders.transaction", Payment.objects.count())
    rows = []
    for instance in orders:
        channel_pos = refs.pos.get(instance.channel_id)
        if not channel_pos:
            continue
        if rng.random() < 0.1:
            rows.append(payment(rng, instance, rng.choice(channel_pos), "purchase", succeeded=False))
        if instance.status not in UNPAID:
            rows.append(payment(rng, instance, rng.choice(channel_pos), "purchase", succeeded=True))
        if instance.status == S.REFUNDED:
            rows.append(payment(rng, instance, rng.choice(channel_pos), "refund", succeeded=True))
    volume.insert(Payment, rows, len(rows))


def payment(rng, order, pos_id, transaction_type, succeeded):
    refund = transaction_type == "refund"
    amount = order.refund_amount if refund else order.amount
    moment = order.created_date + (48 * HOUR if refund else datetime.timedelta(seconds=rng.randrange(60)))
    cents = int(amount * 100)
    code, text = ("00", "Approved") if succeeded else ("0148", "INVALID MID TID IP")
    return Payment(
        channel_id=order.channel_id,
        transaction_type=transaction_type,
        currency=order.currency,
        user_email=order.user_email,
        remote_addr=order.remote_addr,
        transaction_id=f"{uuid4(rng).hex[:20].upper()}" if succeeded else None,
        raw_request=(
            '<?xml version="1.0" encoding="utf-8"?>\n<posnetRequest><sale>'
            f"<amount>{cents}</amount><ccno>{order.bin_number or '450803'}******{rng.randrange(10**4):04d}"
            "</ccno>"
            f"<currencyCode>{order.currency.upper()}</currencyCode><orderID>{order.number}</orderID>"
            "</sale></posnetRequest>"
        ),
        raw_response=(
            "<?xml version='1.0' encoding='iso-8859-9'?><posnetResponse>"
            f"<approved>{int(succeeded)}</approved><respCode>{code}</respCode><respText>{text}</respText>"
            "</posnetResponse>"
        ),
        is_succeeded=succeeded,
        amount=amount,
        three_d_used=rng.random() < 0.4,
        auth_code=f"{rng.randrange(10**6):06d}" if succeeded else None,
        pos_id=pos_id,
        # A failed attempt is not tied to the order it did not become.
        order_id=order.pk if succeeded else None,
        user_id=order.user_id if succeeded or rng.random() < 0.5 else None,
        created_date=moment,
        modified_date=moment,
    )


def discounts(volume, orders, refs, first_item):
    """A discount item for each discounted order, applied to one to three of its items."""
    start = DiscountItem.objects.count()
    rng = volume.rng("dw_orders.discountitem", start)
    discounted = [instance for instance in orders if instance.discount_amount]
    volume.insert(DiscountItem, (discount(rng, instance, refs) for instance in discounted), len(discounted))

    items = defaultdict(list)
    for pk, order_id in OrderItem.objects.order_by("pk").values_list("pk", "order_id")[first_item:]:
        items[order_id].append(pk)
    applicant_rng = volume.rng("dw_orders.benefitapplicant", BenefitApplicant.objects.count())
    rows = [
        BenefitApplicant(
            channel_id=instance.channel_id,
            discount_item_id=discount_id,
            order_item_id=order_item_id,
            created_date=instance.created_date,
            modified_date=instance.created_date,
        )
        for instance, discount_id in zip(discounted, volume.ids(DiscountItem)[start:], strict=True)
        for order_item_id in applicant_rng.sample(
            items[instance.pk], min(applicant_rng.randrange(1, 4), len(items[instance.pk]))
        )
    ]
    volume.insert(BenefitApplicant, rows, len(rows))


def discount(rng, order, refs):
    offers = refs.offers.get(order.channel_id)
    cancelled = order.status in (S.CANCELLED, S.REFUNDED)
    return DiscountItem(
        channel_id=order.channel_id,
        name=rng.choice(DISCOUNT_NAMES),
        amount=order.discount_amount,
        cancel_amount=order.discount_amount if cancelled else Decimal("0.00"),
        data_source_discount_sharing_rate=Decimal("50.00") if rng.random() < 0.05 else None,
        order_id=order.pk,
        conditional_offer_id=rng.choice(offers) if offers and rng.random() < 0.8 else None,
        created_date=order.created_date,
        modified_date=order.created_date,
    )
