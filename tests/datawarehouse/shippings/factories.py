"""Shipping option factory (others' orders point at it)."""

import factory

from datawarehouse.shippings.models import ShippingOption
from tests.factories import ChannelFactory


class ShippingOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingOption

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Cargo {n}")
    slug = factory.Sequence(lambda n: f"cargo-{n}")
    calculator = factory.LazyFunction(
        lambda: {"name": "Fixed Price Calculator", "slug": "fixed-price-calculator", "price": 9.9}
    )
    rule = factory.LazyFunction(lambda: {"name": "Any Rule", "slug": "any-rule"})
