"""POS filters: the shared lookups (on the row's own timestamps: the record shows none), slug, gateway."""

from api.filters import BaseFilterSet
from datawarehouse.payments.models import Pos


class PosFilter(BaseFilterSet):
    class Meta:
        model = Pos
        fields = ["slug", "gateway"]
