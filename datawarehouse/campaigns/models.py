"""Campaigns: promotions, offers with their conditions and benefits, vouchers, loyalty cards and
product collections (sections 18-26).
"""

import uuid

from django.db import models

from api.models import AttributedModel
from sales_channels.models import ChannelOwned


class OfferStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PASSIVE = "passive", "Passive"
    USED = "used", "Used"


class ProductCollection(ChannelOwned):
    """A static list of products, or a dynamic one defined by a query (section 26)."""

    class CollectionType(models.TextChoices):
        DYNAMIC = "dynamic", "Dynamic"
        STATIC = "static", "Static"

    collection_type = models.CharField(
        max_length=16, choices=CollectionType.choices, default=CollectionType.STATIC
    )
    name = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    expiration_date = models.DateTimeField(null=True, blank=True)
    uuid = models.UUIDField(default=uuid.uuid4, db_index=True)
    slug = models.SlugField(max_length=255)
    sort_option = models.PositiveIntegerField(
        null=True, blank=True, help_text="The id of a sort option, a record not served here."
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class ProductCollectionItem(ChannelOwned):
    """A product's membership of a collection (section 25).

    ``uuid`` is text, not a UUID column: the documented examples carry 37
    characters (``cd17669e-9174-45a3-8bab-b49da718145a9``), which no UUID type accepts.
    """

    uuid = models.CharField(max_length=64, default=uuid.uuid4, db_index=True)
    product = models.ForeignKey("dw_products.Product", on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(ProductCollection, on_delete=models.CASCADE, related_name="items")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.uuid


class Condition(ChannelOwned):
    """What a basket must hold for an offer to apply (section 18); ``kwargs`` holds the rule."""

    class ConditionType(models.TextChoices):
        DISTINCT = "distinct", "Distinct"
        QUANTITY = "quantity", "Quantity"
        AMOUNT = "amount", "Amount"
        QUERY = "query", "Query"

    condition_type = models.CharField(max_length=16, choices=ConditionType.choices)
    translations = models.JSONField(null=True, blank=True)
    upsell_message = models.TextField(blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    product_collection = models.ForeignKey(
        ProductCollection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"{self.condition_type} #{self.pk}"


class Benefit(ChannelOwned):
    """What an offer gives once its condition is met (section 19); ``kwargs`` holds the amounts."""

    class BenefitType(models.TextChoices):
        MULTIBUY = "multibuy", "Multibuy"
        PERCENTAGE = "percentage", "Percentage"
        FIXED = "fixed", "Fixed"
        SHIPPING_FREE = "shipping_free", "Shipping free"
        POINT = "point", "Point"
        COUPON = "coupon", "Coupon"
        VOUCHER = "voucher", "Voucher"
        SAMPLE_PRODUCT = "sample_product", "Sample product"
        LOYALTY_POINT = "loyalty_point", "Loyalty point"

    benefit_type = models.CharField(max_length=16, choices=BenefitType.choices)
    kwargs = models.JSONField(default=dict, blank=True)
    product_collection = models.ForeignKey(
        ProductCollection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"{self.benefit_type} #{self.pk}"


class Promotion(ChannelOwned):
    """The name and slug customers see for an offer (section 21)."""

    translations = models.JSONField(null=True, blank=True)
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class BasketOffer(ChannelOwned):
    """A conditional offer: a promotion whose benefit applies when its condition holds (section 20).

    Promotion, condition and benefit may be empty so that an offer can be
    mirrored before (or without) the records it points at.
    """

    class OfferType(models.TextChoices):
        SITEWIDE = "sitewide", "Sitewide"
        COUPON = "coupon", "Coupon"
        COUPON_CODE = "coupon_code", "Coupon code"
        VOUCHER_CODE = "voucher_code", "Voucher code"
        BULK_VOUCHER_CODE = "bulk_voucher_code", "Bulk voucher code"
        BULK_COUPON = "bulk_coupon", "Bulk coupon"

    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    offer_type = models.CharField(max_length=32, choices=OfferType.choices, default=OfferType.SITEWIDE)
    currencies = models.JSONField(default=list, blank=True, help_text='Currency codes, e.g. ["try"].')
    translations = models.JSONField(null=True, blank=True)
    label = models.CharField(max_length=255, null=True, blank=True)
    voucher_code = models.CharField(max_length=255, null=True, blank=True, db_index=True)
    is_visible = models.BooleanField(default=True)
    is_visible_on_list = models.BooleanField(default=False)
    start_datetime = models.DateTimeField(null=True, blank=True)
    end_datetime = models.DateTimeField(null=True, blank=True)
    priority = models.IntegerField(default=0)
    allowed_quantity_per_basket = models.PositiveIntegerField(default=1)
    is_mergable = models.BooleanField(default=True)
    max_usage_per_user = models.PositiveIntegerField(default=0, help_text="0 means no limit.")
    kwargs = models.JSONField(default=dict, blank=True)
    is_available_for_data_sources = models.BooleanField(default=False)
    max_stock_limit = models.PositiveIntegerField(default=0, help_text="0 means no limit.")
    promotion = models.ForeignKey(
        Promotion, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    condition = models.ForeignKey(
        Condition, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    benefit = models.ForeignKey(
        Benefit, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    user = models.ForeignKey(
        "dw_accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The only user who may use the offer, if any.",
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.label or f"{self.offer_type} #{self.pk}"


class BulkVoucherCode(ChannelOwned):
    """One of the codes generated for a bulk voucher offer (section 22)."""

    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    code = models.CharField(max_length=255, db_index=True)
    basket_offer = models.ForeignKey(BasketOffer, on_delete=models.CASCADE, related_name="voucher_codes")
    order = models.ForeignKey(
        "dw_orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discount_item = models.ForeignKey(
        "dw_orders.DiscountItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        "dw_accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.code


class SessionOffer(ChannelOwned):
    """An offer granted by a third-party promotion service for a session (section 23)."""

    class Type(models.TextChoices):
        B2B = "b2b", "B2B"
        EXTENSION = "extension", "Extension"

    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    type = models.CharField(max_length=32, choices=Type.choices)
    code = models.CharField(max_length=255, db_index=True)
    response = models.JSONField(default=dict, blank=True, help_text="The promotion service's response.")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.code


class LoyaltyCard(AttributedModel, ChannelOwned):
    """A user's loyalty card (section 24)."""

    number = models.CharField(max_length=255, db_index=True)
    user = models.ForeignKey("dw_accounts.User", on_delete=models.CASCADE, related_name="+")

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.number
