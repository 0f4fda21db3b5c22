"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class User(ChannelOwned):
    """A shop customer account (section 7)."""

    class Meta(ChannelOwned.Meta):
        pass


class Address(ChannelOwned):
    """A user's address (section 2)."""

    class Meta(ChannelOwned.Meta):
        pass
