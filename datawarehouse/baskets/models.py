"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class Basket(ChannelOwned):
    """A basket (section 42)."""

    class Meta(ChannelOwned.Meta):
        pass
