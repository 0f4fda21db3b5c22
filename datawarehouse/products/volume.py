"""Volume data for products: a scale's worth of products and about as many images.

Products come as Akinon keeps them: meta products, each with a handful of
simple products (its sizes) sharing its base code and channel, plus a few
bundles and grouped products whose members are simple products of their channel.
"""

from api.volume_data.generation import person, spread, uuid4
from datawarehouse.products.models import Product, ProductImage
from sales_channels.models import Channel

AFTER = ("sales_channels",)

Type = Product.ProductType
# Turkish colour values with their English labels, as integration attributes carry them.
COLORS = [("SIYAH", "Black"), ("BEYAZ", "White"), ("LACIVERT", "Navy"), ("KIRMIZI", "Red"), ("GRI", "Grey")]
SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
AGES = ["0-2", "3-5", "5-10", "10-15", "Adult"]
NOUNS = ["T-Shirt", "Shirt", "Dress", "Trousers", "Jacket", "Jumper", "Skirt", "Coat", "Sneakers", "Bag"]
CDN = "https://a7c0d7.cdn.akinoncloud.com/products"


def generate(volume):
    start = Product.objects.count()
    rng = volume.rng("dw_products.product", start)
    channels = volume.ids(Channel)
    metas = min(max(volume.scale // 6, 1), volume.scale)
    others = max(volume.scale // 100, 0)
    simples = volume.scale - metas - 2 * others
    number = iter(range(start, start + volume.scale))

    volume.insert(
        Product, (meta(volume, rng, rng.choice(channels), next(number)) for _ in range(metas)), metas
    )
    new_metas = list(
        Product.objects.order_by("pk").values_list("pk", "channel_id", "base_code", "name", "attributes")[
            start:
        ]
    )
    sizes = {}
    volume.insert(
        Product,
        (simple(volume, rng, parent, sizes, next(number)) for parent in spread(rng, new_metas, simples)),
        simples,
    )
    volume.insert(
        Product,
        (
            meta(volume, rng, rng.choice(channels), next(number), product_type)
            for product_type in [Type.BUNDLE, Type.GROUPED]
            for _ in range(others)
        ),
        2 * others,
    )
    new = list(
        Product.objects.order_by("pk").values_list("pk", "channel_id", "product_type", "created_date")[start:]
    )
    group_members(volume, [row[:2] for row in new if row[2] == Type.GROUPED])
    images(volume, [(pk, channel_id, created) for pk, channel_id, _, created in new])


def meta(volume, rng, channel_id, number, product_type=Type.PRODUCT_META):
    created, modified = volume.timestamps(rng)
    (color, english), noun = rng.choice(COLORS), rng.choice(NOUNS)
    code = f"{noun.replace('-', '')[:3].upper()}-{number + 1:06d}"
    description = f"{noun} by {' '.join(person(rng))}"
    localized = rng.random() < 0.3
    return Product(
        channel_id=channel_id,
        product_type=product_type,
        name=f"{english} {noun}",
        base_code=code,
        sku=code,
        uuid=uuid4(rng),
        is_active=rng.random() < 0.9,
        is_listable=product_type != Type.PRODUCT_META,
        is_form_required=rng.random() < 0.1,
        attribute_set=rng.randrange(1, 12),
        attributes={"integration_color": color, "Age": rng.choice(AGES), "description": description},
        attributes_kwargs={
            "integration_color": {
                "_translations": {"en-us": {"label": english}},
                "data_type": "dropdown",
                "value": color,
                "label": color,
            }
        },
        localized_attributes={"tr-tr": {"description": description}} if localized else {},
        localized_attributes_kwargs={"tr-tr": {}} if localized else {},
        created_date=created,
        modified_date=modified,
    )


def simple(volume, rng, parent, sizes, number):
    """One size of a meta product: its base code, name, colour and channel."""
    parent_id, channel_id, base_code, name, attributes = parent
    size = SIZES[sizes.setdefault(parent_id, 0) % len(SIZES)]
    sizes[parent_id] += 1
    created, modified = volume.timestamps(rng)
    return Product(
        channel_id=channel_id,
        product_type=Type.SIMPLE,
        name=name,
        base_code=base_code,
        sku=f"{base_code}-{size}",
        uuid=uuid4(rng),
        is_active=rng.random() < 0.9,
        is_listable=rng.random() < 0.6,
        listing_code=f"{number + 1:08d}" if rng.random() < 0.2 else None,
        parent_id=parent_id,
        attribute_set=rng.randrange(1, 12),
        attributes={**attributes, "size": size},
        created_date=created,
        modified_date=modified,
    )


def group_members(volume, grouped):
    """Two to four simple products of its channel for each new grouped product."""
    Member = Product.group_products.through
    rng = volume.rng("dw_products.product_group_products", Member.objects.count())
    simples = volume.by_channel(Product, product_type=Type.SIMPLE)
    rows = [
        Member(from_product_id=product_id, to_product_id=member)
        for product_id, channel_id in grouped
        if simples.get(channel_id)
        for member in rng.sample(simples[channel_id], min(rng.randrange(2, 5), len(simples[channel_id])))
    ]
    volume.insert(Member, rows, len(rows))


def images(volume, products):
    """About one image per new product: each gets one, some get more."""
    rng = volume.rng("dw_products.productimage", ProductImage.objects.count())
    orders = {}
    volume.insert(
        ProductImage,
        (image(rng, product, orders) for product in spread(rng, products, volume.scale)),
        volume.scale,
    )


def image(rng, product, orders):
    product_id, channel_id, created = product
    order = orders[product_id] = orders.get(product_id, -1) + 1
    width = rng.choice((800, 1000, 1200, 1500))
    return ProductImage(
        channel_id=channel_id,
        product_id=product_id,
        status=ProductImage.Status.ACTIVE if rng.random() < 0.95 else ProductImage.Status.DISABLED,
        image=f"{CDN}/{created:%Y/%m/%d}/{rng.randrange(1, 1000)}/{uuid4(rng)}.jpg",
        width=width,
        height=width * 4 // 3,
        order=order,
        created_date=created,
        modified_date=created,
    )
