"""OMS order factories: an item comes with its order, status, product (with images) and lists."""

import datetime
import decimal

import factory
from django.contrib.contenttypes.models import ContentType

from oms.orders.models import Order, OrderItem, OrderStatus, PriceList, Product, ProductImage, StockList
from tests.factories import ChannelFactory
from tests.oms.customers.factories import CustomerFactory


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"{2000000000 + n}")
    omnitron_id = factory.Sequence(lambda n: n)
    channel = factory.SubFactory(ChannelFactory)
    customer = factory.SubFactory(CustomerFactory, channel=factory.SelfAttribute("..channel"))


class OrderStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderStatus

    name = factory.Sequence(lambda n: f"Status {n}")
    translations = factory.LazyAttribute(
        lambda status: {"en-us": {"name": status.name}, "tr-tr": {"name": f"Durum {status.name}"}}
    )
    enum_class = "OrderStatus"
    enum_value = factory.Sequence(lambda n: str(400 + n))
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(OrderItem))


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    omnitron_id = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Product {n}")
    base_code = factory.Sequence(lambda n: f"BC{n}")
    sku = factory.Sequence(lambda n: f"SKU{n}")
    barcode = factory.Sequence(lambda n: f"869{n:010d}" if n % 2 else None)
    attributes = factory.Sequence(lambda n: {"color": "BLACK", "size": ["S", "M", "L"][n % 3]})
    attributes_kwargs = factory.LazyAttribute(
        lambda p: {
            key: {"label": value, "value": value, "data_type": "dropdown"}
            for key, value in p.attributes.items()
        }
    )
    remote_modified_date = factory.Faker("date_time", tzinfo=datetime.UTC)
    images = factory.RelatedFactoryList(
        "tests.oms.orders.factories.ProductImageFactory", factory_related_name="product", size=2
    )


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory, images=[])
    url = factory.Sequence(lambda n: f"https://cdn.example.com/products/{n}.jpg")
    order = factory.Sequence(lambda n: n % 3)


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList

    name = factory.Sequence(lambda n: f"price list {n}")
    code = factory.Sequence(lambda n: f"PL{n}" if n % 2 else None)


class StockListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockList

    name = factory.Sequence(lambda n: f"stock list {n}")
    is_auto_sync = True


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    state = factory.SubFactory(OrderStatusFactory)
    product = factory.SubFactory(ProductFactory)
    omnitron_id = factory.Sequence(lambda n: n)
    price = factory.Faker("pydecimal", left_digits=4, right_digits=2, min_value=1, max_value=5000)
    retail_price = factory.LazyAttribute(lambda item: item.price + 100)
    discount_amount = factory.Sequence(lambda n: decimal.Decimal(n % 4 * 5))
    net_amount = factory.LazyAttribute(lambda item: item.price - item.discount_amount)
    tax_rate = decimal.Decimal("8.00")
    tax_amount = factory.LazyAttribute(
        lambda item: (item.net_amount * 8 / 108).quantize(decimal.Decimal("0.01"))
    )
    attributes = factory.Sequence(lambda n: {"gift_note": "For you"} if n % 2 else {})
    image = factory.Sequence(lambda n: {"url": f"https://cdn.example.com/items/{n}.jpg"} if n % 3 else None)
    price_list = factory.SubFactory(PriceListFactory)
    stock_list = factory.SubFactory(StockListFactory)
    extra_field = factory.LazyFunction(lambda: {"price_extra_field": {}, "stock_extra_field": {}})
