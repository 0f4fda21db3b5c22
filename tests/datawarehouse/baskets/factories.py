"""Basket and basket item factories (others' orders point at baskets)."""

import decimal

import factory

from datawarehouse.baskets.models import Basket, BasketItem
from tests.datawarehouse.products.factories import ProductFactory
from tests.factories import ChannelChildFactory, ChannelFactory


class BasketFactory(factory.django.DjangoModelFactory):
    """An anonymous basket; pass ``user=`` for a customer's."""

    class Meta:
        model = Basket

    channel = factory.SubFactory(ChannelFactory)


class BasketItemFactory(ChannelChildFactory):
    """One unit of a product of the basket's channel; ``reference`` is the product's id, as documented."""

    _parent = "basket"

    class Meta:
        model = BasketItem

    basket = factory.SubFactory(BasketFactory)
    channel = factory.SelfAttribute("basket.channel")
    product = factory.SubFactory(ProductFactory, channel=factory.SelfAttribute("..channel"))
    reference = factory.LazyAttribute(lambda item: str(item.product.pk))
    currency_type = "try"
    unit_price = decimal.Decimal("199.90")
    tax_rate = decimal.Decimal("20.00")
