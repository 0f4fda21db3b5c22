"""Shipping options (section 41)."""

from django.db import models

from sales_channels.models import ChannelOwned


class ShippingOption(ChannelOwned):
    """A way of delivering an order.

    ``calculator`` prices it (a calculator's name, slug and settings, such as
    weight ranges) and ``rule`` decides when it can be chosen (a rule's name,
    slug and settings, such as cities): both are configuration documents,
    served as stored.
    """

    class DeliveryType(models.TextChoices):
        SAME_DAY = "same_day", "Same day"
        NEXT_DAY = "next_day", "Next day"
        STANDARD = "standard", "Standard"
        IN_STORE = "in_store", "In store"

    delivery_type = models.CharField(
        max_length=16, choices=DeliveryType.choices, default=DeliveryType.STANDARD
    )
    translations = models.JSONField(null=True, blank=True)
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255)
    logo = models.CharField(max_length=1024, null=True, blank=True, help_text="URL or path of the logo.")
    is_active = models.BooleanField(default=True)
    sort_order = models.IntegerField(default=0)
    calculator = models.JSONField(default=dict, blank=True)
    rule = models.JSONField(default=dict, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)

    class Meta(ChannelOwned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["channel", "slug"], name="dw_shipping_option_channel_slug"),
        ]

    def __str__(self):
        return self.name
