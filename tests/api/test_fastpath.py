"""The row-plan compiler: exact formats, and a refusal wherever it could not be exact."""

import datetime
import decimal

import pytest
from django.db import connection
from rest_framework import serializers

from api.pages.fastpath import decimal_cell, format_datetime, row_plan
from api.pages.renderers import ORJSONRenderer
from api.serializers import ModelSerializer
from api.sync.stamping import chosen_timestamps
from geography.models import City, District
from tests.geography.factories import CityFactory, DistrictFactory


def test_datetimes_always_carry_microseconds_and_z():
    moment = datetime.datetime(2021, 7, 6, 9, 7, 23, tzinfo=datetime.UTC)
    assert format_datetime(moment) == "2021-07-06T09:07:23.000000Z"
    assert format_datetime(moment.replace(microsecond=199904)) == "2021-07-06T09:07:23.199904Z"
    istanbul = datetime.timezone(datetime.timedelta(hours=3))
    assert format_datetime(moment.astimezone(istanbul)) == "2021-07-06T09:07:23.000000Z"


def test_decimals_keep_their_declared_places():
    def formatted(places, value):
        return eval(decimal_cell(places).format(v="value"), {"value": value})

    assert formatted(8, decimal.Decimal("35.319457")) == "35.31945700"
    assert formatted(2, decimal.Decimal("0E-8")) == "0.00"


class NestedCity(ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "name", "latitude"]


class DistrictWithCity(ModelSerializer):
    city = NestedCity()
    city_name = serializers.CharField(source="city.name")

    class Meta:
        model = District
        fields = ["id", "city", "city_name", "township"]


class WithMethod(ModelSerializer):
    shout = serializers.SerializerMethodField()

    class Meta:
        model = City
        fields = ["id", "shout"]

    def get_shout(self, city):
        return city.name.upper()


class WithManyDistricts(ModelSerializer):
    districts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = City
        fields = ["id", "districts"]


@pytest.mark.django_db
def test_nested_objects_and_dotted_sources_join_their_columns():
    DistrictFactory(township=None, city=CityFactory(latitude=None))
    DistrictFactory()
    plan = row_plan(DistrictWithCity)
    assert plan.columns == ["id", "city__pk", "city__id", "city__name", "city__latitude", "township"]
    queryset = District.objects.order_by("id")
    rows = plan.rows(plan.select(queryset))
    assert rows == [dict(row) for row in DistrictWithCity(queryset, many=True).data]
    assert rows[0]["township"] is None and rows[0]["city"]["latitude"] is None


@pytest.mark.parametrize("serializer_class", [WithMethod, WithManyDistricts])
def test_declarations_it_cannot_reproduce_fall_back_to_the_serializer(serializer_class):
    assert row_plan(serializer_class) is None


class DistrictMapping(ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "mapping"]


@pytest.mark.django_db
def test_json_is_fetched_as_text_and_decoded_as_the_model_field_decodes_it():
    for mapping in ({"erp": [1, 2.5, "İstanbul"], "nested": {"ok": True}}, ["a"], "text", 7, None):
        DistrictFactory(mapping=mapping)
    plan = row_plan(DistrictMapping)
    assert set(plan.expressions) == {"mapping"}
    queryset = District.objects.order_by("id")
    expected = [dict(row) for row in DistrictMapping(queryset, many=True).data]
    assert plan.rows(plan.select(queryset)) == expected


class DistrictTimesAndPlaces(ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "modified_date", "longitude", "latitude"]


@pytest.mark.django_db
def test_datetimes_and_decimals_the_database_writes_match_the_serializer():
    """PostgreSQL writes these as served text (``ServedText``): the edge cases of both formats."""
    moments = [
        datetime.datetime(2021, 7, 6, 9, 7, 23, 199904, tzinfo=datetime.UTC),
        datetime.datetime(2021, 7, 6, 9, 7, 23, tzinfo=datetime.UTC),  # no microseconds
        datetime.datetime(2030, 1, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
    ]
    places = [decimal.Decimal("35.319457"), decimal.Decimal("-0.5"), decimal.Decimal("0"), None]
    for moment, longitude, latitude in zip(moments, places, places[::-1], strict=False):
        district = DistrictFactory(longitude=longitude, latitude=latitude)
        with chosen_timestamps():
            District.objects.filter(pk=district.pk).update(modified_date=moment)
    plan = row_plan(DistrictTimesAndPlaces)
    assert set(plan.expressions) == {"modified_date", "longitude", "latitude"}
    queryset = District.objects.order_by("id")
    if connection.vendor == "postgresql":
        assert all(isinstance(value, str) for row in plan.select(queryset) for value in row[1:3])
    served = ORJSONRenderer().render(plan.rows(plan.select(queryset)))
    assert served == ORJSONRenderer().render(DistrictTimesAndPlaces(queryset, many=True).data)
    assert b'"modified_date":"2021-07-06T09:07:23.000000Z","longitude":"-0.50000000"' in served
    assert b'"2030-01-02T03:04:05.000006Z"' in served
