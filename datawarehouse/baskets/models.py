"""Shopping baskets and their lines (sections 42 and 43)."""

import time

from django.db import models

from api.models import AttributedModel
from sales_channels.models import ChannelOwned


def microsecond_version() -> int:
    """A new version number: Akinon stamps baskets and lines with the change time in microseconds."""
    return time.time_ns() // 1000


class Basket(ChannelOwned):
    """A shopping basket (section 42); anonymous baskets have no ``user``."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        EXPIRED = "expired", "Expired"
        MERGED = "merged", "Merged"
        FROZEN = "frozen", "Frozen"
        SUBMITTED = "submitted", "Submitted"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    version = models.BigIntegerField(default=microsecond_version, help_text="Change time in microseconds.")
    voucher_code = models.CharField(max_length=255, null=True, blank=True)
    namespace = models.CharField(
        max_length=255, null=True, blank=True, help_text="Tells apart a user's several baskets."
    )
    user = models.ForeignKey(
        "dw_accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="baskets"
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"Basket {self.pk} ({self.status})"


class BasketItem(AttributedModel, ChannelOwned):
    """A line of a basket (section 43); ``parent`` is the line it belongs to (a bundle's)."""

    currency_type = models.CharField(max_length=8, null=True, blank=True)
    version = models.BigIntegerField(default=microsecond_version, help_text="Change time in microseconds.")
    reference = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField(default=1)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    image = models.CharField(max_length=1024, null=True, blank=True, help_text="URL or path of the image.")
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("dw_products.Product", on_delete=models.CASCADE, related_name="basket_items")
    extra_product_price = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of an extra product price, a record not served here."
    )
    extra_product_stock = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of an extra product stock, a record not served here."
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    datasource = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of the seller's data source, a record not served here."
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"{self.quantity} x {self.reference}"
