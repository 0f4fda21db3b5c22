"""Payment points of sale (section 40)."""

from django.db import models

from sales_channels.models import ChannelOwned


class Pos(ChannelOwned):
    """A virtual POS: a payment gateway with the addresses it is reached at."""

    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255)
    gateway = models.CharField(max_length=255, help_text="Dotted path of the payment gateway class.")
    resource_url = models.URLField(max_length=1024)
    three_d_resource_url = models.URLField(
        max_length=1024, null=True, blank=True, help_text="Address of the gateway's 3D Secure service."
    )

    class Meta(ChannelOwned.Meta):
        verbose_name = "POS"
        verbose_name_plural = "POS"
        constraints = [models.UniqueConstraint(fields=["channel", "slug"], name="dw_pos_channel_slug")]

    def __str__(self):
        return self.name
