"""Volume data for OMS orders: a scale's worth of order items in a third as many orders.

Statuses and price and stock lists are small reference tables, filled up to a
fixed set; products are a tenth of the scale, with one to three images each.
"""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from api.volume_data.generation import CENTS, TAX_RATES, money, spread, uuid4
from datawarehouse.orders.models import OrderStatus as Status
from oms.customers.models import Customer
from oms.orders.models import Order, OrderItem, OrderStatus, PriceList, Product, ProductImage, StockList
from sales_channels.models import Channel

AFTER = ("sales_channels", "oms_customers")

# Display names per language, as the documented status carries them (en-us and tr-tr).
TURKISH = {
    Status.CANCELLED: "İptal Edildi",
    Status.WAITING: "Bekliyor",
    Status.APPROVED: "Onaylandı",  # noqa: RUF001
    Status.PREPARING: "Hazırlanıyor",  # noqa: RUF001
    Status.SHIPPED: "Kargoya Verildi",
    Status.DELIVERED: "Teslim Edildi",
    Status.REFUNDED: "İade Edildi",
}
ITEM_STATES = [Status.DELIVERED] * 6 + [Status.SHIPPED] * 2 + list(TURKISH)
LISTS = ["Ana Liste", "Outlet", "Mağaza", "B2B", "Kampanya"]
# Colour values as Omnitron stores them, with the name products carry.
COLORS = [
    ("SİYAH", "Siyah"),
    ("BEYAZ", "Beyaz"),
    ("LACİVERT", "Lacivert"),
    ("KIRMIZI", "Kırmızı"),  # noqa: RUF001
    ("YEŞİL", "Yeşil"),
    ("GRİ", "Gri"),
    ("BEJ", "Bej"),
]
SIZES = [("XS", "Extra Small"), ("S", "Small"), ("M", "Medium"), ("L", "Large"), ("XL", "Extra Large")]
MARKDOWNS = [Decimal("0.6"), Decimal("0.7"), Decimal("0.8")]
DISCOUNTS = [Decimal("0.1"), Decimal("0.2")]
NOUNS = ["T-Shirt", "Gömlek", "Elbise", "Pantolon", "Ceket", "Kazak", "Etek", "Mont", "Sweatshirt"]


def generate(volume):
    statuses(volume)
    reference_lists(volume, PriceList, "fiyat")
    reference_lists(volume, StockList, "stok")
    products(volume)
    first_order = Order.objects.count()
    orders(volume, first_order)
    items(volume, first_order)


def statuses(volume):
    """The order item statuses, once: they are Akinon's fixed enumeration, not volume."""
    existing = set(OrderStatus.objects.values_list("enum_value", flat=True))
    rng = volume.rng("oms_orders.orderstatus", len(existing))
    content_type = ContentType.objects.get_for_model(OrderItem)
    missing = [(status, turkish) for status, turkish in TURKISH.items() if status.value not in existing]
    volume.insert(
        OrderStatus,
        (
            OrderStatus(
                name=status.label,
                translations={"en-us": {"name": status.label}, "tr-tr": {"name": turkish}},
                enum_class="OrderStatus",
                enum_value=status.value,
                content_type=content_type,
                created_date=created,
                modified_date=modified,
            )
            for status, turkish in missing
            for created, modified in [volume.timestamps(rng)]
        ),
        len(missing),
    )


def reference_lists(volume, model, word):
    start = model.objects.count()
    rng = volume.rng(f"oms_orders.{model._meta.model_name}", start)
    missing = LISTS[start:]
    volume.insert(
        model,
        (
            model(
                code=f"{word}-{n}" if rng.random() < 0.5 else None,
                name=f"{name} {word} listesi",
                is_auto_sync=rng.random() < 0.3,
                created_date=created,
                modified_date=modified,
            )
            for n, name in enumerate(missing, start=start + 1)
            for created, modified in [volume.timestamps(rng)]
        ),
        len(missing),
    )


def products(volume):
    start = Product.objects.count()
    rng = volume.rng("oms_orders.product", start)
    total = max(volume.scale // 10, 1)
    volume.insert(Product, (product(volume, rng, start + n) for n in range(total)), total)

    image_rng = volume.rng("oms_orders.productimage", ProductImage.objects.count())
    new = list(Product.objects.order_by("pk").values_list("pk", "omnitron_id", "created_date")[start:])
    rows = [(*row, order) for row in new for order in range(1, image_rng.choice((1, 1, 2, 3)) + 1)]
    volume.insert(ProductImage, (image(image_rng, *row) for row in rows), len(rows))


def product(volume, rng, number):
    """Sizes of one model share its base code, name and colour, as Omnitron's products do."""
    created, modified = volume.timestamps(rng)
    model = number // len(SIZES)
    size, size_label = SIZES[number % len(SIZES)]
    color, color_name = COLORS[model % len(COLORS)]
    base_code = f"{100000 + model}"
    return Product(
        omnitron_id=number + 1,
        name=f"{NOUNS[model % len(NOUNS)]} {color_name}",
        base_code=base_code,
        sku=f"{base_code}-{size}",
        barcode=f"869{rng.randrange(10**10):010d}" if rng.random() < 0.7 else None,
        attributes={"renk": color, "beden": size, "integration_size": size, "integration_color": color},
        attributes_kwargs={
            "renk": {"label": color, "value": color, "data_type": "dropdown"},
            "beden": {"label": size_label, "value": size, "data_type": "dropdown"},
        },
        remote_modified_date=modified - datetime.timedelta(minutes=rng.randrange(1, 600)),
        created_date=created,
        modified_date=modified,
    )


def image(rng, product_id, omnitron_id, created, order):
    return ProductImage(
        product_id=product_id,
        url=f"https://{{cdn_url}}/products/{created:%Y/%m/%d}/{omnitron_id}/{uuid4(rng)}.jpg",
        order=order,
        created_date=created,
        modified_date=created,
    )


def orders(volume, start):
    rng = volume.rng("oms_orders.order", start)
    channels = volume.ids(Channel)
    customers = list(Customer.objects.order_by("pk").values_list("pk", "channel_id"))
    total = max(volume.scale // 3, 1)
    volume.insert(Order, (order(volume, rng, channels, customers, start + n) for n in range(total)), total)


def order(volume, rng, channels, customers, number):
    created, modified = volume.timestamps(rng)
    customer_id, channel_id = rng.choice(customers) if customers and rng.random() < 0.85 else (None, None)
    return Order(
        omnitron_id=number + 1,
        # Unique by its last ten digits (the row's number); sixteen digits like Akinon's.
        number=f"{rng.randrange(100000, 1000000)}{number:010d}",
        channel_id=channel_id or rng.choice(channels),
        customer_id=customer_id,
        created_date=created,
        modified_date=modified,
    )


def items(volume, first_order):
    """A scale's worth over the new orders: each gets one item at least, the rest fall at random."""
    start = OrderItem.objects.count()
    rng = volume.rng("oms_orders.orderitem", start)
    new_orders = list(Order.objects.order_by("pk").values_list("pk", "created_date")[first_order:])
    states = dict(OrderStatus.objects.values_list("enum_value", "pk"))
    product_ids = volume.ids(Product)
    price_lists, stock_lists = volume.ids(PriceList), volume.ids(StockList)
    parents = spread(rng, new_orders, volume.scale)
    volume.insert(
        OrderItem,
        (
            item(rng, order, states, product_ids, price_lists, stock_lists, start + n)
            for n, order in enumerate(parents)
        ),
        len(parents),
    )


def item(rng, order, states, product_ids, price_lists, stock_lists, number):
    order_id, ordered = order
    retail_price = money(rng, 50, 2500)
    price = retail_price if rng.random() < 0.5 else (retail_price * rng.choice(MARKDOWNS)).quantize(CENTS)
    discount = (price * rng.choice(DISCOUNTS)).quantize(CENTS) if rng.random() < 0.2 else Decimal("0.00")
    net_amount = price - discount
    tax_rate = rng.choice(TAX_RATES)
    state = rng.choice(ITEM_STATES)
    return OrderItem(
        order_id=order_id,
        state_id=states[state.value],
        product_id=rng.choice(product_ids),
        omnitron_id=number + 1,
        net_amount=net_amount,
        price=price,
        retail_price=retail_price,
        tax_rate=tax_rate,
        tax_amount=(net_amount * tax_rate / (100 + tax_rate)).quantize(CENTS) if rng.random() < 0.7 else None,
        discount_amount=discount,
        price_list_id=rng.choice(price_lists),
        stock_list_id=rng.choice(stock_lists),
        extra_field={"price_extra_field": {}, "stock_extra_field": {}},
        created_date=ordered,
        modified_date=ordered + datetime.timedelta(seconds=rng.randrange(30 * 24 * 3600)),
    )
