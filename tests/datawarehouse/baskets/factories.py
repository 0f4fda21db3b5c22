"""Basket and basket item factories (others' orders point at baskets)."""

import factory

from datawarehouse.baskets.models import Basket
from tests.factories import ChannelFactory


class BasketFactory(factory.django.DjangoModelFactory):
    """An anonymous basket; pass ``user=`` for a customer's."""

    class Meta:
        model = Basket

    channel = factory.SubFactory(ChannelFactory)
