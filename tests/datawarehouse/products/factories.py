"""Factories for products and product images."""

import factory

from datawarehouse.products.models import Product, ProductImage
from tests.factories import ChannelChildFactory, ChannelFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Product {n}")
    base_code = factory.Sequence(lambda n: f"BC-{n:05d}")
    sku = factory.LazyAttribute(lambda product: f"{product.base_code}-M")
    attributes = factory.LazyFunction(lambda: {"integration_color": "BLACK"})
    attribute_set = 1


class ProductImageFactory(ChannelChildFactory):
    _parent = "product"

    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    channel = factory.SelfAttribute("product.channel")
    image = factory.Sequence(lambda n: f"https://cdn.example.com/products/{n}.jpg")
    height = 1500
    width = 1000
