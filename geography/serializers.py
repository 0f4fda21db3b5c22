"""Geography as each API documents it: field lists in the documented order."""

from api.serializers import ModelSerializer
from geography.models import City, Country, District, Township


# OMS (spec/oms-cities.txt, spec/oms-districts.txt)
class OmsCitySerializer(ModelSerializer):
    class Meta:
        model = City
        fields = ["pk", "name", "country", "is_active", "longitude", "latitude"]


class OmsCityDetailedSerializer(ModelSerializer):
    class Meta:
        model = City
        fields = [
            "id",
            "created_date",
            "modified_date",
            "omnitron_id",
            "mapping",
            "is_active",
            "name",
            "longitude",
            "latitude",
            "country",
        ]


class OmsDistrictSerializer(ModelSerializer):
    class Meta:
        model = District
        fields = ["pk", "name", "city", "township", "is_active", "longitude", "latitude"]


class OmsDistrictDetailedSerializer(ModelSerializer):
    class Meta:
        model = District
        fields = [
            "id",
            "created_date",
            "modified_date",
            "omnitron_id",
            "mapping",
            "is_active",
            "name",
            "longitude",
            "latitude",
            "city",
            "township",
        ]


# Data warehouse (spec/commerce-data-warehouse.txt, sections 3 to 6)
class DwDistrictSerializer(ModelSerializer):
    class Meta:
        model = District
        fields = [
            "id",
            "translations",
            "created_date",
            "modified_date",
            "is_active",
            "name",
            "postcode",
            "city",
            "township",
        ]


class DwCountrySerializer(ModelSerializer):
    class Meta:
        model = Country
        fields = ["id", "translations", "created_date", "modified_date", "is_active", "name", "code"]


class DwCitySerializer(ModelSerializer):
    class Meta:
        model = City
        fields = [
            "id",
            "translations",
            "created_date",
            "modified_date",
            "is_active",
            "name",
            "priority",
            "postcode",
            "country",
        ]


class DwTownshipSerializer(ModelSerializer):
    class Meta:
        model = Township
        fields = [
            "id",
            "translations",
            "created_date",
            "modified_date",
            "is_active",
            "name",
            "postcode",
            "city",
        ]
