"""The base serializer every endpoint declares its fields with."""

from django.db.backends.base.operations import BaseDatabaseOperations
from rest_framework import serializers


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose integer limits do not depend on the database.

    Django derives an IntegerField's range from the connected backend, and
    SQLite reports 64-bit limits where PostgreSQL reports 32-bit ones. The
    documented OPTIONS output shows the SQL ranges, so they are used
    whatever the database.
    """

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        limits = BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type())
        if limits and "min_value" in field_kwargs:
            field_kwargs["min_value"], field_kwargs["max_value"] = limits
        return field_class, field_kwargs
