"""Products and their images (sections 16, 17)."""

import uuid

from django.db import models

from api.models import AttributedModel
from sales_channels.models import ChannelOwned


class Product(AttributedModel, ChannelOwned):
    """A product of any type (section 16).

    Simple products hang under a meta product (``parent``) sharing their base
    code; ``listable_product`` is the product listed in their place; grouped
    products name their members in ``group_products``.
    """

    class ProductType(models.TextChoices):
        # Akinon's ProductTypes enumeration; the API serves the values.
        SIMPLE = "0", "Simple"
        PRODUCT_META = "1", "Product meta"
        BUNDLE = "2", "Bundle"
        GROUPED = "3", "Grouped"
        MISCELLANEOUS = "4", "Miscellaneous"
        OFFER = "5", "Offer"

    product_type = models.CharField(max_length=2, choices=ProductType.choices, default=ProductType.SIMPLE)
    name = models.CharField(max_length=255)
    base_code = models.CharField(max_length=255, db_index=True)
    sku = models.CharField(max_length=255, db_index=True)
    uuid = models.UUIDField(default=uuid.uuid4, db_index=True)
    is_active = models.BooleanField(default=True)
    extra_attributes = models.JSONField(default=dict, blank=True)
    listing_code = models.CharField(max_length=255, null=True, blank=True)
    is_seller_product = models.BooleanField(default=False)
    is_listable = models.BooleanField(default=False)
    is_form_required = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    attribute_set = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of an attribute set, a record not served here."
    )
    custom_attribute_set = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of a custom attribute set, a record not served here."
    )
    pretty_url = models.ForeignKey(
        "dw_cms.PrettyUrl", on_delete=models.SET_NULL, null=True, blank=True, related_name="products"
    )
    listable_product = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="listed_for"
    )
    data_source = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of a data source (seller), a record not served here."
    )
    group_products = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="groups")

    class Meta(ChannelOwned.Meta):
        # The admin's sorts and facet counts (docs/admin.md, "At a million rows").
        indexes = [
            *ChannelOwned.Meta.indexes,
            models.Index(fields=["product_type", "id"]),
            models.Index(fields=["name", "id"]),
        ]

    def __str__(self):
        return f"{self.sku} {self.name}"


class ProductImage(ChannelOwned):
    """A product image (section 17). ``image`` is the file's URL as served (a CDN address)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DISABLED = "disabled", "Disabled"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    image = models.URLField(max_length=1024)
    height = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.image
