"""OMS customer serializers: fields in the documented order."""

from api.serializers import ModelSerializer
from oms.customers.models import Customer


class CustomerSerializer(ModelSerializer):
    class Meta:
        model = Customer
        fields = [
            "id",
            "created_date",
            "modified_date",
            "omnitron_id",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "erp_code",
            "channel",
        ]
