"""Volume data for shipping options: a fixed set per channel (reference data, not volume).

``calculator`` and ``rule`` are shaped like the documented configuration documents.
"""

from datawarehouse.shippings.models import ShippingOption
from geography.models import City
from sales_channels.models import Channel

AFTER = ("sales_channels", "geography")

Delivery = ShippingOption.DeliveryType
# (name, slug, delivery type, calculator)
OPTIONS = [
    ("Standart Kargo", "standard-cargo", Delivery.STANDARD, "weight"),
    ("Yurtiçi Kargo", "yurtici-kargo", Delivery.STANDARD, "fixed"),
    ("Aras Kargo", "aras-kargo", Delivery.NEXT_DAY, "weight"),
    ("Aynı Gün Teslimat", "same-day", Delivery.SAME_DAY, "fixed"),  # noqa: RUF001
    ("Mağazadan Teslim", "click-and-collect", Delivery.IN_STORE, None),
]


def generate(volume):
    existing = set(ShippingOption.objects.values_list("channel_id", "slug"))
    rng = volume.rng("dw_shippings.shippingoption", len(existing))
    cities = volume.ids(City)
    missing = [
        (channel_id, order, values)
        for channel_id in volume.ids(Channel)
        for order, values in enumerate(OPTIONS)
        if (channel_id, values[1]) not in existing
    ]
    volume.insert(
        ShippingOption,
        (option(volume, rng, cities, channel_id, order, *values) for channel_id, order, values in missing),
        len(missing),
    )


def option(volume, rng, cities, channel_id, order, name, slug, delivery_type, calculator):
    created, modified = volume.timestamps(rng)
    return ShippingOption(
        channel_id=channel_id,
        delivery_type=delivery_type,
        translations={"en-us": {"name": slug.replace("-", " ").title(), "description": ""}},
        name=name,
        slug=slug,
        is_active=rng.random() < 0.9,
        sort_order=order,
        calculator=calculator_config(rng, calculator),
        rule=rule(rng, cities),
        description=f"{name} ile gönderim",
        created_date=created,
        modified_date=modified,
    )


def calculator_config(rng, kind):
    if kind == "fixed":
        price = rng.choice((29.9, 39.9, 49.9))
        return {
            "price": price,
            "prices_per_currency": {"try": {"price": price}},
            "name": "Fixed Price Calculator",
            "slug": "fixed-price-calculator",
        }
    if kind == "weight":
        limits = [(0, 49, 13), (50, 199, 21), (200, None, 66)]
        return {
            "weight_field": "desi",
            "weight_ranges": [
                {
                    "prices_per_currency": {"try": {"price": price}},
                    "price": price,
                    "upper_limit": upper,
                    "lower_limit": lower,
                }
                for lower, upper, price in limits
            ],
            "name": "Weight Based Calculator",
            "slug": "weight-based-calculator",
        }
    return {}


def rule(rng, cities):
    if cities and rng.random() < 0.5:
        chosen = sorted(rng.sample(cities, min(3, len(cities))))
        return {"exclude": rng.random() < 0.3, "cities": chosen, "name": "City Rule", "slug": "city-rule"}
    return {"name": "Any Rule", "slug": "any-rule"}
