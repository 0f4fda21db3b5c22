"""OMS customer factories."""

import factory

from oms.customers.models import Customer
from tests.factories import ChannelFactory


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    omnitron_id = factory.Sequence(lambda n: 1000 + n)
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone_number = factory.Sequence(lambda n: f"0555{n:07d}" if n % 3 else None)
    erp_code = factory.Sequence(lambda n: f"ERP-{n}" if n % 2 else None)
    channel = factory.SubFactory(ChannelFactory)
