"""Social account filters: the shared lookups plus the user and the provider."""

from api.filters import BaseFilterSet
from datawarehouse.social.models import SocialAccount


class SocialAccountFilter(BaseFilterSet):
    """The documented record shows no timestamps: ``modified_date`` is the row's own change
    time, and ``created_date`` the account's documented creation time, ``date_joined``."""

    created_date_field = "date_joined"
    sort_fields = ("id", "modified_date", "date_joined", "last_login")

    class Meta:
        model = SocialAccount
        fields = ["user", "provider", "uid"]
