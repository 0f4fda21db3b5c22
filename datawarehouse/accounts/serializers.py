"""Accounts as the data warehouse documents them: fields in the example JSON's order."""

from api.serializers import ModelSerializer
from datawarehouse.accounts.models import Address, EmailAddress, FavouriteProduct, ProductAlert, User


class EmailAddressSerializer(ModelSerializer):
    class Meta:
        model = EmailAddress
        fields = ["id", "email", "verified", "primary", "user"]


class AddressSerializer(ModelSerializer):
    class Meta:
        model = Address
        fields = [
            "id",
            "address_type",
            "created_date",
            "modified_date",
            "email",
            "phone_number",
            "first_name",
            "last_name",
            "line",
            "is_active",
            "postcode",
            "notes",
            "company_name",
            "tax_office",
            "tax_no",
            "e_bill_taxpayer",
            "hash_data",
            "remote_id",
            "identity_number",
            "title",
            "primary",
            "extra_field",
            "country",
            "city",
            "township",
            "district",
            "retail_store",
            "user",
        ]


class UserSerializer(ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "gender",
            "user_type",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "attributes",
            "attributes_kwargs",
            "localized_attributes",
            "localized_attributes_kwargs",
            "email_allowed",
            "sms_allowed",
            "call_allowed",
            "avatar",
            "is_anonymized",
            "phone",
            "date_of_birth",
            "modified_date",
            "language_code",
            "groups",
            "user_permissions",
        ]


class FavouriteProductSerializer(ModelSerializer):
    class Meta:
        model = FavouriteProduct
        fields = ["id", "created_date", "modified_date", "user", "product"]


class ProductAlertSerializer(ModelSerializer):
    class Meta:
        model = ProductAlert
        fields = ["id", "created_date", "modified_date", "language", "is_active", "user", "product"]
