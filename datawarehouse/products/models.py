"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class Product(ChannelOwned):
    """A product (section 16)."""

    class Meta(ChannelOwned.Meta):
        pass
