"""OMS customer filters: exactly those the documented ``OPTIONS`` output lists, in its order."""

from api.filters import BaseFilterSet, IntegerFilter
from oms.customers.models import Customer


class ChannelIdFilter(IntegerFilter):
    """A channel id; the documented ``OPTIONS`` output types this filter as a string."""

    metadata_type = "string"


class CustomerFilter(BaseFilterSet):
    """No ``id`` exact match and no ``created_date``: the documentation lists neither."""

    id_lookups = ("gt", "gte", "lt", "lte")
    created_date_field = None

    channel_id = ChannelIdFilter(field_name="channel_id")

    class Meta:
        model = Customer
        fields = ["first_name", "last_name", "email", "phone_number", "erp_code", "channel_id"]
