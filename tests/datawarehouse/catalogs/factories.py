"""Catalog factories: category nodes placed by treebeard, prices of a product of their channel."""

import decimal

import factory

from datawarehouse.catalogs.models import CategoryNode, ProductPrice
from tests.datawarehouse.products.factories import ProductFactory
from tests.factories import ChannelChildFactory, ChannelFactory


class CategoryNodeFactory(factory.django.DjangoModelFactory):
    """A new root node, or with ``parent=`` its last child (in the parent's channel).

    treebeard computes ``path``, ``depth`` and ``numchild``, as it does for
    every node added through it.
    """

    class Meta:
        model = CategoryNode

    parent = None
    channel = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.channel"),
        no_declaration=factory.SubFactory(ChannelFactory),
    )
    name = factory.Sequence(lambda n: f"Category {n}")
    order = factory.Sequence(lambda n: n % 10)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        node = model_class(*args, **kwargs)
        if parent is None:
            return CategoryNode.objects.add_root(instance=node)
        return CategoryNode.objects.add_child(parent, instance=node)


class ProductPriceFactory(ChannelChildFactory):
    _parent = "product"

    class Meta:
        model = ProductPrice

    product = factory.SubFactory(ProductFactory)
    channel = factory.SelfAttribute("product.channel")
    currency_type = "try"
    retail_price = decimal.Decimal("219.90")
    price = decimal.Decimal("199.90")
    tax_rate = decimal.Decimal("20.00")
