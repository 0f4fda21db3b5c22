"""Factories for a channel's customers and what they own; each record's tree stays in one channel."""

import factory

from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User
from tests.datawarehouse.products.factories import ProductFactory
from tests.factories import ChannelChildFactory, ChannelFactory
from tests.geography.factories import DistrictFactory

SAME_CHANNEL = factory.SelfAttribute("..channel")


class CustomerFactory(factory.django.DjangoModelFactory):
    """A shop customer (``dw_accounts.User``), not an API user."""

    class Meta:
        model = User

    channel = factory.SubFactory(ChannelFactory)
    username = factory.Sequence(lambda n: f"customer{n}@example.com")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    gender = User.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"0555{n:07d}")
    language_code = "tr-tr"
    email_allowed = True
    sms_allowed = False
    attributes = factory.LazyFunction(lambda: {"register_client_type": "default"})
    groups = factory.LazyFunction(lambda: [3, 1])


class EmailAddressFactory(ChannelChildFactory):
    _parent = "user"

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    email = factory.SelfAttribute("user.email")
    primary = True


class AddressFactory(ChannelChildFactory):
    """A customer's address in a consistent country → city → township → district chain.

    ``user=None, channel=…`` makes a retail store's or pickup location's address.
    """

    _parent = "user"

    class Meta:
        model = Address

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    email = factory.SelfAttribute("user.email", default="")
    phone_number = factory.SelfAttribute("user.phone", default="")
    first_name = factory.SelfAttribute("user.first_name", default="")
    last_name = factory.SelfAttribute("user.last_name", default="")
    line = factory.Faker("street_address")
    title = "Home"
    hash_data = factory.Faker("md5")
    district = factory.SubFactory(DistrictFactory)
    township = factory.SelfAttribute("district.township")
    city = factory.SelfAttribute("district.city")
    country = factory.SelfAttribute("city.country")


class FavouriteProductFactory(ChannelChildFactory):
    _parent = "user"

    class Meta:
        model = FavouriteProduct

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    product = factory.SubFactory(ProductFactory, channel=SAME_CHANNEL)


class ProductAlertFactory(ChannelChildFactory):
    _parent = "user"

    class Meta:
        model = ProductAlert

    user = factory.SubFactory(CustomerFactory)
    channel = factory.SelfAttribute("user.channel")
    product = factory.SubFactory(ProductFactory, channel=SAME_CHANNEL)
    language = "tr-tr"
