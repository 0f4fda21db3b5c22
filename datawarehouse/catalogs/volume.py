"""Volume data for catalogs: a category tree per channel (small) and a scale's worth of prices.

The tree's materialised paths are computed here with treebeard's own path
builder, so that ``path``, ``depth`` and ``numchild`` are what
``CategoryNode.add_child`` would have written, in one bulk insert.
"""

from decimal import Decimal

from api.volume_data.generation import CENTS, TAX_RATES, money, uuid4
from datawarehouse.catalogs.models import CategoryNode, ProductPrice
from datawarehouse.products.models import Product
from sales_channels.models import Channel

AFTER = ("sales_channels", "dw_products")

# Department → categories → subcategories under each channel's "Catalog" root: 125 nodes a channel.
DEPARTMENTS = ["Women", "Men", "Kids", "Home"]
CATEGORIES = ["Clothing", "Shoes", "Bags", "Accessories", "Sportswear", "Swimwear"]
SUBCATEGORIES = ["New Season", "Basics", "Outlet", "Bestsellers"]
LEVELS = (DEPARTMENTS, CATEGORIES, SUBCATEGORIES)
# Each product's first price is its default one; later passes add the price lists' own.
PRICE_TYPES = ["default", "outlet", "b2b"]


def generate(volume):
    trees(volume)
    prices(volume)


def trees(volume):
    """A tree for each channel that has none yet (categories are reference data, not volume)."""
    rng = volume.rng("dw_catalogs.categorynode", CategoryNode.objects.count())
    planted = set(CategoryNode.objects.values_list("channel_id", flat=True).distinct())
    last_root = CategoryNode.objects.get_last_root_node()
    position = last_root._get_lastpos_in_path() if last_root else 0
    nodes = []
    for channel_id in volume.ids(Channel):
        if channel_id not in planted:
            position += 1
            root = CategoryNode._get_path(None, 1, position)
            nodes.extend(plant(volume, rng, channel_id, root, "Catalog", 0, LEVELS))
    volume.insert(CategoryNode, nodes, len(nodes))


def plant(volume, rng, channel_id, path, name, order, levels):
    """The node at ``path`` and, below it, a child for each name of the next level, recursively."""
    created, modified = volume.timestamps(rng)
    depth = len(path) // CategoryNode.steplen
    children = levels[0] if levels else []
    yield CategoryNode(
        channel_id=channel_id,
        path=path,
        depth=depth,
        numchild=len(children),
        uuid=uuid4(rng),
        order=order,
        name=name,
        sort_option=rng.randrange(1, 500) if rng.random() < 0.3 else None,
        created_date=created,
        modified_date=modified,
    )
    for position, child in enumerate(children, start=1):
        child_path = CategoryNode._get_path(path, depth + 1, position)
        yield from plant(volume, rng, channel_id, child_path, child, position - 1, levels[1:])


def prices(volume):
    """A scale's worth, going round the products: each gets a default price before any gets a second."""
    start = ProductPrice.objects.count()
    rng = volume.rng("dw_catalogs.productprice", start)
    products = list(Product.objects.order_by("pk").values_list("pk", "channel_id"))
    if not products:
        return
    volume.insert(
        ProductPrice,
        (price(volume, rng, products, start + n) for n in range(volume.scale)),
        volume.scale,
    )


def price(volume, rng, products, number):
    product_id, channel_id = products[number % len(products)]
    created, modified = volume.timestamps(rng)
    amount = money(rng, 20, 3000)
    return ProductPrice(
        channel_id=channel_id,
        product_id=product_id,
        currency_type="try" if rng.random() < 0.9 else "eur",
        price_type=PRICE_TYPES[number // len(products) % len(PRICE_TYPES)],
        price=amount,
        retail_price=(amount * Decimal("1.25")).quantize(CENTS) if rng.random() < 0.4 else amount,
        tax_rate=rng.choice(TAX_RATES),
        created_date=created,
        modified_date=modified,
    )
