"""Accounts filtersets: the shared lookups plus the user, product and status filters reports join on."""

from api.filters import BaseFilterSet
from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User


class EmailAddressFilter(BaseFilterSet):
    """The documented record has no timestamps; the shared date filters use the row's own."""

    class Meta:
        model = EmailAddress
        fields = ["user", "email", "verified", "primary"]


class AddressFilter(BaseFilterSet):
    class Meta:
        model = Address
        fields = ["user", "address_type", "is_active", "country", "city", "township", "district"]


class UserFilter(BaseFilterSet):
    """``created_date`` is the account's documented creation time, ``date_joined``."""

    created_date_field = "date_joined"
    sort_fields = ("id", "modified_date", "date_joined", "last_login")

    class Meta:
        model = User
        fields = ["email", "username", "user_type", "is_active", "is_anonymized"]


class FavouriteProductFilter(BaseFilterSet):
    class Meta:
        model = FavouriteProduct
        fields = ["user", "product"]


class ProductAlertFilter(BaseFilterSet):
    class Meta:
        model = ProductAlert
        fields = ["user", "product", "is_active"]
