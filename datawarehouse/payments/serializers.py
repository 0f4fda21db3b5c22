"""POS as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.payments.models import Pos


class PosSerializer(ModelSerializer):
    class Meta:
        model = Pos
        fields = ["id", "name", "slug", "gateway", "resource_url", "three_d_resource_url"]
