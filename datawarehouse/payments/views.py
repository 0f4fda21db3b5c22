"""POS endpoint (section 40)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.payments.filters import PosFilter
from datawarehouse.payments.models import Pos
from datawarehouse.payments.serializers import PosSerializer


class PosViewSet(DataWarehouseViewSet):
    queryset = Pos.objects.all()
    serializer_class = PosSerializer
    filterset_class = PosFilter
