"""A sales channel's customers: accounts, email addresses, addresses, favourites and alerts.

Fields per ../shared/spec/commerce-data-warehouse.txt, sections 1, 2, 7, 8 and 9.
These are the shop's customers, mirrored for reporting; they are not the
``django.contrib.auth`` users who hold API tokens.
"""

from django.db import models
from django.utils import timezone

from api.models import AttributedModel
from sales_channels.models import ChannelOwned


class User(AttributedModel, ChannelOwned):
    """A shop customer account (section 7).

    The documentation's creation time is ``date_joined``; the inherited
    ``created_date`` is the mirror row's own insert time.
    """

    class Gender(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"

    class UserType(models.TextChoices):
        GUEST = "guest", "Guest"
        REGISTERED = "registered", "Registered"

    gender = models.CharField(max_length=16, choices=Gender.choices, null=True, blank=True)
    user_type = models.CharField(max_length=16, choices=UserType.choices, default=UserType.REGISTERED)
    last_login = models.DateTimeField(null=True, blank=True)
    is_superuser = models.BooleanField(default=False)
    username = models.CharField(max_length=150)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    email_allowed = models.BooleanField(null=True, blank=True)
    sms_allowed = models.BooleanField(null=True, blank=True)
    call_allowed = models.BooleanField(null=True, blank=True)
    avatar = models.CharField(max_length=255, null=True, blank=True, help_text="Path of the user's photo.")
    is_anonymized = models.BooleanField(default=False)
    phone = models.CharField(max_length=128, null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    language_code = models.CharField(max_length=16, null=True, blank=True)
    # The shop's permission groups and permissions, in the shop's own order: ids of
    # records no endpoint serves, and not this service's django.contrib.auth groups.
    groups = models.JSONField(default=list, blank=True, help_text="Ids of the shop's permission groups.")
    user_permissions = models.JSONField(default=list, blank=True, help_text="Ids of the shop's permissions.")

    class Meta(ChannelOwned.Meta):
        indexes = [
            *ChannelOwned.Meta.indexes,
            models.Index(fields=["channel", "email"]),
            models.Index(fields=["channel", "username"]),
            # The accepted sorts besides id and modified_date.
            models.Index(fields=["channel", "date_joined", "id"]),
            models.Index(fields=["channel", "last_login", "id"]),
            # The admin finds a user's addresses, email addresses, alerts by exact email or username.
            models.Index(fields=["email"]),
            models.Index(fields=["username"]),
        ]

    def __str__(self):
        return self.username


class EmailAddress(ChannelOwned):
    """One of a user's email addresses (section 1)."""

    email = models.EmailField(max_length=254)
    verified = models.BooleanField(default=False)
    primary = models.BooleanField(default=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_addresses")

    class Meta(ChannelOwned.Meta):
        verbose_name_plural = "email addresses"

    def __str__(self):
        return self.email


class Address(ChannelOwned):
    """A customer's, retail store's, pickup location's or checkout provider's address (section 2)."""

    class AddressType(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        RETAIL_STORE = "retail_store", "Retail store"
        PICKUP_LOCATION = "pickup_location", "Pickup location"
        CHECKOUT_PROVIDER = "checkout_provider", "Checkout provider"

    address_type = models.CharField(max_length=32, choices=AddressType.choices, default=AddressType.CUSTOMER)
    email = models.EmailField(max_length=254, blank=True)
    phone_number = models.CharField(max_length=128, blank=True)
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    line = models.TextField()
    is_active = models.BooleanField(default=True)
    postcode = models.CharField(max_length=64, blank=True)
    notes = models.TextField(null=True, blank=True)
    company_name = models.CharField(max_length=255, blank=True)
    tax_office = models.CharField(max_length=255, blank=True)
    tax_no = models.CharField(max_length=64, blank=True)
    e_bill_taxpayer = models.BooleanField(default=False)
    hash_data = models.CharField(
        max_length=64, blank=True, help_text="Hash of the address's identifying fields."
    )
    remote_id = models.CharField(
        max_length=255, null=True, blank=True, help_text="The address's id in a third-party address service."
    )
    identity_number = models.CharField(max_length=64, null=True, blank=True)
    title = models.CharField(max_length=255, blank=True)
    primary = models.BooleanField(default=False)
    extra_field = models.JSONField(null=True, blank=True)
    country = models.ForeignKey("geography.Country", on_delete=models.PROTECT, related_name="addresses")
    city = models.ForeignKey("geography.City", on_delete=models.PROTECT, related_name="addresses")
    township = models.ForeignKey(
        "geography.Township", on_delete=models.PROTECT, null=True, blank=True, related_name="addresses"
    )
    district = models.ForeignKey(
        "geography.District", on_delete=models.PROTECT, null=True, blank=True, related_name="addresses"
    )
    retail_store = models.PositiveIntegerField(
        null=True, blank=True, help_text="Id of a retail store, a record not served here."
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="addresses")

    class Meta(ChannelOwned.Meta):
        verbose_name_plural = "addresses"

    def __str__(self):
        return self.title or self.line[:50]


class FavouriteProduct(ChannelOwned):
    """A product a user has marked as a favourite (section 8)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="favourite_products")
    product = models.ForeignKey("dw_products.Product", on_delete=models.CASCADE, related_name="favourites")

    class Meta(ChannelOwned.Meta):
        pass


class ProductAlert(ChannelOwned):
    """A user's request to be told when a product is back in stock or its price changes (section 9)."""

    language = models.CharField(max_length=16)
    is_active = models.BooleanField(default=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="product_alerts")
    product = models.ForeignKey(
        "dw_products.Product", on_delete=models.CASCADE, related_name="product_alerts"
    )

    class Meta(ChannelOwned.Meta):
        pass
