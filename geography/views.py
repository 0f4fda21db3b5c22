"""Geography endpoints of both APIs, over the same rows."""

from api.viewsets import DataWarehouseViewSet, ReadOnlyViewSet
from geography.filters import CityFilter, CountryFilter, DistrictFilter, TownshipFilter
from geography.models import City, Country, District, Township
from geography.serializers import (
    DwCitySerializer,
    DwCountrySerializer,
    DwDistrictSerializer,
    DwTownshipSerializer,
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


# Data warehouse
class DwGeographyViewSet(DataWarehouseViewSet):
    """Reference data: the same rows under every channel."""

    channel_field = None


class DwDistrictViewSet(DwGeographyViewSet):
    queryset = District.objects.all()
    serializer_class = DwDistrictSerializer
    filterset_class = DistrictFilter


class DwCountryViewSet(DwGeographyViewSet):
    queryset = Country.objects.all()
    serializer_class = DwCountrySerializer
    filterset_class = CountryFilter


class DwCityViewSet(DwGeographyViewSet):
    queryset = City.objects.all()
    serializer_class = DwCitySerializer
    filterset_class = CityFilter


class DwTownshipViewSet(DwGeographyViewSet):
    queryset = Township.objects.all()
    serializer_class = DwTownshipSerializer
    filterset_class = TownshipFilter
