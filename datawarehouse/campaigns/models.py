"""Models of this domain (fields per ../shared/spec/commerce-data-warehouse.txt)."""

from sales_channels.models import ChannelOwned


class BasketOffer(ChannelOwned):
    """A conditional (basket) offer (section 20)."""

    class Meta(ChannelOwned.Meta):
        pass


class SessionOffer(ChannelOwned):
    """A session offer (section 23)."""

    class Meta(ChannelOwned.Meta):
        pass
