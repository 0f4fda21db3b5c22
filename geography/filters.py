"""Geography filtersets: the shared lookups plus each level's parent."""

from api.filters import BaseFilterSet
from geography.models import City, Country, District, Township


class CountryFilter(BaseFilterSet):
    class Meta:
        model = Country
        fields = ["code", "is_active"]


class CityFilter(BaseFilterSet):
    class Meta:
        model = City
        fields = ["country", "is_active"]


class TownshipFilter(BaseFilterSet):
    class Meta:
        model = Township
        fields = ["city", "is_active"]


class DistrictFilter(BaseFilterSet):
    class Meta:
        model = District
        fields = ["city", "township", "is_active"]
