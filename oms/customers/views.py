"""OMS customer endpoints."""

from api.viewsets import GrantedChannelsMixin, ReadOnlyViewSet
from oms.customers.filters import CustomerFilter
from oms.customers.models import Customer
from oms.customers.serializers import CustomerSerializer


class CustomerViewSet(GrantedChannelsMixin, ReadOnlyViewSet):
    channel_field = "channel"
    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
