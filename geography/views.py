"""Geography endpoints."""

from api.viewsets import ReadOnlyViewSet
from geography.filters import CityFilter, DistrictFilter
from geography.models import City, District
from geography.serializers import (
    OmsCityDetailedSerializer,
    OmsCitySerializer,
    OmsDistrictDetailedSerializer,
    OmsDistrictSerializer,
)


# OMS
class OmsCityViewSet(ReadOnlyViewSet):
    queryset = City.objects.all()
    serializer_class = OmsCitySerializer
    filterset_class = CityFilter


class OmsCityDetailedViewSet(OmsCityViewSet):
    serializer_class = OmsCityDetailedSerializer


class OmsDistrictViewSet(ReadOnlyViewSet):
    """Districts, by name as the documentation's example lists them."""

    queryset = District.objects.all()
    serializer_class = OmsDistrictSerializer
    filterset_class = DistrictFilter
    ordering = ("name",)


class OmsDistrictDetailedViewSet(OmsDistrictViewSet):
    serializer_class = OmsDistrictDetailedSerializer
