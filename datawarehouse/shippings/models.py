"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class ShippingOption(ChannelOwned):
    """A shipping option (section 41)."""

    class Meta(ChannelOwned.Meta):
        pass
