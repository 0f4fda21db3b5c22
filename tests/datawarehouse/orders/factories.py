"""Factories for orders and what hangs off them; each record's tree stays in one channel."""

from decimal import Decimal

import factory

from datawarehouse.orders.models import (
    BenefitApplicant,
    DiscountItem,
    Order,
    OrderItem,
    OrderStatus,
    Transaction,
)
from tests.datawarehouse.accounts.factories import AddressFactory, CustomerFactory
from tests.datawarehouse.baskets.factories import BasketFactory
from tests.datawarehouse.campaigns.factories import BasketOfferFactory
from tests.datawarehouse.payments.factories import PosFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.datawarehouse.shippings.factories import ShippingOptionFactory
from tests.factories import ChannelChildFactory, ChannelFactory

SAME_CHANNEL = factory.SelfAttribute("..channel")


class OrderFactory(factory.django.DjangoModelFactory):
    """An approved order of a customer, shipped and billed to one of their addresses."""

    class Meta:
        model = Order

    channel = factory.SubFactory(ChannelFactory)
    user = factory.SubFactory(CustomerFactory, channel=SAME_CHANNEL)
    basket = factory.SubFactory(BasketFactory, channel=SAME_CHANNEL, user=factory.SelfAttribute("..user"))
    shipping_option = factory.SubFactory(ShippingOptionFactory, channel=SAME_CHANNEL)
    shipping_address = factory.SubFactory(AddressFactory, user=factory.SelfAttribute("..user"))
    billing_address = factory.SelfAttribute("shipping_address")
    number = factory.Sequence(lambda n: f"{2736958430000000 + n}")
    status = OrderStatus.APPROVED
    currency = "try"
    amount = Decimal("179.50")
    discount_amount = Decimal("10.50")
    shipping_amount = Decimal("9.90")
    remote_addr = "127.0.0.1"
    language_code = "tr-tr"
    user_email = factory.SelfAttribute("user.email")
    shipping_option_slug = factory.SelfAttribute("shipping_option.slug")
    payment_option_slug = "credit-card"
    payment_option = 1


class OrderItemFactory(ChannelChildFactory):
    _parent = "order"

    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    channel = factory.SelfAttribute("order.channel")
    product = factory.SubFactory(ProductFactory, channel=SAME_CHANNEL)
    status = factory.SelfAttribute("order.status")
    price_currency = factory.SelfAttribute("order.currency")
    price = Decimal("799.99")
    retail_price = Decimal("1000.00")
    tax_rate = Decimal("8.00")
    extra_field = factory.LazyFunction(lambda: {"price_extra_field": {}, "stock_extra_field": {}})


class TransactionFactory(ChannelChildFactory):
    """A successful purchase call for an order; ``order=None, channel=…`` makes one without an order."""

    _parent = "order"

    class Meta:
        model = Transaction

    order = factory.SubFactory(OrderFactory)
    channel = factory.SelfAttribute("order.channel")
    user = factory.SelfAttribute("order.user", default=None)
    user_email = factory.SelfAttribute("order.user_email", default="")
    pos = factory.SubFactory(PosFactory, channel=SAME_CHANNEL)
    transaction_type = "purchase"
    currency = factory.SelfAttribute("order.currency", default="try")
    amount = factory.SelfAttribute("order.amount", default=Decimal("100.70"))
    remote_addr = "127.0.0.1"
    transaction_id = factory.Sequence(lambda n: f"TX-{n:08d}")
    is_succeeded = True
    raw_request = '{"amount": "179.50"}'
    raw_response = '{"approved": true}'


class DiscountItemFactory(ChannelChildFactory):
    """A discount from a basket offer."""

    _parent = "order"

    class Meta:
        model = DiscountItem

    order = factory.SubFactory(OrderFactory)
    channel = factory.SelfAttribute("order.channel")
    conditional_offer = factory.SubFactory(BasketOfferFactory, channel=SAME_CHANNEL)
    name = factory.SelfAttribute("conditional_offer.label")
    amount = factory.SelfAttribute("order.discount_amount")


class BenefitApplicantFactory(ChannelChildFactory):
    """A discount item applied to an item of the same order."""

    _parent = "discount_item"

    class Meta:
        model = BenefitApplicant

    discount_item = factory.SubFactory(DiscountItemFactory)
    channel = factory.SelfAttribute("discount_item.channel")
    order_item = factory.SubFactory(OrderItemFactory, order=factory.SelfAttribute("..discount_item.order"))
