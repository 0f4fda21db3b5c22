"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class Order(ChannelOwned):
    """An order (section 10)."""

    class Meta(ChannelOwned.Meta):
        pass


class OrderItem(ChannelOwned):
    """An order line (section 11)."""

    class Meta(ChannelOwned.Meta):
        pass
