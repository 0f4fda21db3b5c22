"""Social account endpoint (section 37)."""

from api.viewsets import DataWarehouseViewSet
from datawarehouse.social.filters import SocialAccountFilter
from datawarehouse.social.models import SocialAccount
from datawarehouse.social.serializers import SocialAccountSerializer


class SocialAccountViewSet(DataWarehouseViewSet):
    queryset = SocialAccount.objects.all()
    serializer_class = SocialAccountSerializer
    filterset_class = SocialAccountFilter
