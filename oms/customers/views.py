"""OMS customer endpoints."""

from api.viewsets import ReadOnlyViewSet
from oms.customers.filters import CustomerFilter
from oms.customers.models import Customer
from oms.customers.serializers import CustomerSerializer


class CustomerViewSet(ReadOnlyViewSet):
    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
