"""The category tree and product prices (sections 45 and 46)."""

import uuid

from django.db import models
from treebeard.mp_tree import MP_Node

from api.models import AttributedModel
from sales_channels.models import ChannelOwned


class CategoryNode(MP_Node, AttributedModel, ChannelOwned):
    """A category, placed in the tree by django-treebeard's materialised path.

    ``path`` is the node's ancestry in steps of four characters ("0001" a
    root, "00010005" its fifth child), ``depth`` its level (1 for a root, as
    the documented paths show) and ``numchild`` its number of children. Each
    channel's categories form their own trees, so a node's ``channel`` is its
    root's; add nodes through treebeard (``CategoryNode.objects.add_child``),
    which keeps the three columns right.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    order = models.IntegerField(default=0, help_text="Position among its siblings, for display.")
    name = models.CharField(max_length=255)
    pretty_url = models.ForeignKey(
        "dw_cms.PrettyUrl", on_delete=models.SET_NULL, null=True, blank=True, related_name="category_nodes"
    )
    sort_option = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The id of the category's product sort option, a record not served here.",
    )

    class Meta(ChannelOwned.Meta):
        indexes = [*ChannelOwned.Meta.indexes, models.Index(fields=["channel", "path", "id"])]  # sort=path

    def __str__(self):
        return self.name


class ProductPrice(ChannelOwned):
    """A product's price of one type (``default`` and the price lists' own) in one currency."""

    currency_type = models.CharField(max_length=8, help_text="Currency code, lower case (try, eur).")
    price_type = models.CharField(max_length=64, default="default")
    retail_price = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="The price before discounts."
    )
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    extra_field = models.JSONField(default=dict, blank=True)
    product = models.ForeignKey("dw_products.Product", on_delete=models.CASCADE, related_name="prices")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"{self.price} {self.currency_type} ({self.price_type})"
