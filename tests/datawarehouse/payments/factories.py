"""POS factory (others' order transactions may point at it)."""

import factory

from datawarehouse.payments.models import Pos
from tests.factories import ChannelFactory


class PosFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pos

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Bank {n} Credit")
    slug = factory.Sequence(lambda n: f"bank-{n}-credit")
    gateway = "omnicore.libs.payment_gateways.garanti.GarantiGateway"
    resource_url = factory.Sequence(lambda n: f"https://pos{n}.example.com/api")
