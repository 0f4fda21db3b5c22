"""Orders and what hangs off them: items, payment transactions, discounts and their applicants.

Fields per ../shared/spec/commerce-data-warehouse.txt, sections 10 to 14.
"""

from django.db import models

from api.fields import money, rate, unserved_id
from api.models import AttributedModel
from sales_channels.models import ChannelOwned


class OrderStatus(models.TextChoices):
    """Status codes of orders and order items, as Akinon's order status table lists them."""

    CANCELLATION_WAITING = "50", "Cancellation waiting"
    CANCELLED = "100", "Cancelled"
    WAITING = "200", "Waiting"
    PAYMENT_WAITING = "300", "Payment waiting"
    CONFIRMATION_WAITING = "350", "Confirmation waiting"
    APPROVED = "400", "Approved"
    PREPARING = "450", "Preparing"
    SHIPPED = "500", "Shipped"
    SHIPPED_AND_INFORMED = "510", "Shipped and informed"
    READY_FOR_PICKUP = "520", "Ready for pickup"
    ATTEMPTED_DELIVERY = "540", "Attempted delivery"
    REVIEW_STARTED = "544", "Review started"
    REVIEW_WAITING = "545", "Review waiting"
    WAITING_FOR_PAYMENT = "546", "Waiting for payment"
    PAID = "547", "Paid"
    DELIVERED = "550", "Delivered"
    REFUNDED = "600", "Refunded"


class Order(ChannelOwned):
    """An order (section 10)."""

    class ClientType(models.TextChoices):
        DEFAULT = "default", "Default"
        ANDROID = "android", "Android"
        IOS = "ios", "iOS"
        INSTORE = "instore", "In store"
        B2B = "b2b", "B2B"

    status = models.CharField(max_length=3, choices=OrderStatus.choices, default=OrderStatus.WAITING)
    currency = models.CharField(max_length=8)
    client_type = models.CharField(max_length=16, choices=ClientType.choices, default=ClientType.DEFAULT)
    shipping_company = models.CharField(max_length=64, null=True, blank=True)
    number = models.CharField(max_length=128, db_index=True)
    amount = money()
    discount_amount = money(default=0)
    shipping_amount = money(default=0)
    shipping_tax_rate = rate(null=True, blank=True)
    refund_amount = money(default=0)
    discount_refund_amount = money(default=0)
    shipping_refund_amount = money(default=0)
    invoice_number = models.CharField(max_length=128, null=True, blank=True)
    invoice_date = models.DateTimeField(null=True, blank=True)
    e_archive_url = models.URLField(max_length=1024, null=True, blank=True)
    tracking_number = models.CharField(max_length=256, null=True, blank=True)
    defined_tracking_url = models.URLField(max_length=1024, null=True, blank=True)
    # Served as stored: the documentation's examples are masked ("159.XXX.102.XXX").
    remote_addr = models.CharField(max_length=64, null=True, blank=True)
    has_gift_box = models.BooleanField(default=False)
    gift_box_note = models.CharField(max_length=512, null=True, blank=True)
    language_code = models.CharField(max_length=16, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    delivery_range = models.CharField(max_length=128, null=True, blank=True)
    extra_field = models.JSONField(default=dict, blank=True)
    user_email = models.EmailField(max_length=254, blank=True)
    shipping_option_slug = models.CharField(max_length=128, blank=True)
    payment_option_slug = models.CharField(max_length=128, blank=True)
    bin_number = models.CharField(max_length=8, null=True, blank=True)
    installment_count = models.PositiveSmallIntegerField(default=1)
    installment_interest_amount = money(default=0)
    shipping_tracking_url = models.URLField(max_length=1024, null=True, blank=True)
    user = models.ForeignKey("dw_accounts.User", on_delete=models.PROTECT, related_name="orders")
    basket = models.ForeignKey(
        "dw_baskets.Basket", on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    shipping_option = models.ForeignKey(
        "dw_shippings.ShippingOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    payment_option = unserved_id("payment option")
    card = unserved_id("stored card")
    installment = unserved_id("card installment")
    segment = unserved_id("customer segment")
    shipping_address = models.ForeignKey(
        "dw_accounts.Address", on_delete=models.PROTECT, related_name="shipping_orders"
    )
    billing_address = models.ForeignKey(
        "dw_accounts.Address", on_delete=models.PROTECT, related_name="billing_orders"
    )
    checkout_provider = unserved_id("checkout provider")

    class Meta(ChannelOwned.Meta):
        indexes = [
            *ChannelOwned.Meta.indexes,
            models.Index(fields=["channel", "status", "id"]),
            models.Index(fields=["channel", "created_date", "id"]),  # sort=created_date
            # The admin's sorts, filters and facet counts (docs/admin.md, "At a million rows").
            models.Index(fields=["status", "id"]),
            models.Index(fields=["currency", "id"]),
            models.Index(fields=["amount", "id"]),
        ]

    def __str__(self):
        return self.number


class OrderItem(AttributedModel, ChannelOwned):
    """An order line (section 11); ``channel`` is its order's."""

    status = models.CharField(max_length=3, choices=OrderStatus.choices, default=OrderStatus.WAITING)
    price_currency = models.CharField(max_length=8)
    shipping_company = models.CharField(max_length=64, null=True, blank=True)
    price = money()
    tax_rate = rate()
    invoice_number = models.CharField(max_length=128, null=True, blank=True)
    invoice_date = models.DateTimeField(null=True, blank=True)
    e_archive_url = models.URLField(max_length=1024, null=True, blank=True)
    tracking_number = models.CharField(max_length=256, null=True, blank=True)
    defined_tracking_url = models.URLField(max_length=1024, null=True, blank=True)
    retail_price = money(null=True, blank=True)
    image = models.CharField(max_length=1024, null=True, blank=True, help_text="Path of the item's image.")
    extra_field = models.JSONField(default=dict, blank=True)
    estimated_delivery_date = models.DateField(null=True, blank=True)
    shipping_tracking_url = models.URLField(max_length=1024, null=True, blank=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("dw_products.Product", on_delete=models.PROTECT, related_name="order_items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    extra_product_price = unserved_id("extra product price")
    extra_product_stock = unserved_id("extra product stock")
    datasource = unserved_id("seller (data source)")
    shipping_option_group = unserved_id("shipping option group")

    class Meta(ChannelOwned.Meta):
        indexes = [
            *ChannelOwned.Meta.indexes,
            models.Index(fields=["channel", "created_date", "id"]),
            # The admin's sorts, filter and facet counts (docs/admin.md, "At a million rows").
            models.Index(fields=["status", "id"]),
            models.Index(fields=["price", "id"]),
        ]

    def __str__(self):
        return f"{self.order_id}/{self.pk}"


class Transaction(ChannelOwned):
    """A payment gateway call made for an order, or for a checkout that never became one (section 12)."""

    transaction_type = models.CharField(max_length=32)
    currency = models.CharField(max_length=8)
    user_email = models.EmailField(max_length=254, blank=True)
    remote_addr = models.CharField(max_length=64, null=True, blank=True)
    transaction_id = models.CharField(max_length=255, null=True, blank=True)
    # The gateway's payloads, as sent and received (XML, JSON or empty).
    raw_request = models.TextField(blank=True)
    raw_response = models.TextField(blank=True)
    is_succeeded = models.BooleanField(default=False)
    amount = money()
    three_d_used = models.BooleanField(default=False)
    auth_code = models.CharField(max_length=64, null=True, blank=True)
    pos = models.ForeignKey("dw_payments.Pos", on_delete=models.PROTECT, related_name="order_transactions")
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
    )
    main_pos = models.ForeignKey(
        "dw_payments.Pos", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_transactions"
    )
    user = models.ForeignKey(
        "dw_accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_transactions",
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return f"{self.transaction_type} {self.amount} {self.currency}"


class DiscountItem(ChannelOwned):
    """A discount applied to an order, from a basket offer or a session offer (section 13)."""

    name = models.CharField(max_length=255)
    amount = money()
    cancel_amount = money(default=0)
    data_source_discount_sharing_rate = rate(
        null=True, blank=True, help_text="Percentage of the discount the seller covers."
    )
    data = models.JSONField(null=True, blank=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discount_items")
    conditional_offer = models.ForeignKey(
        "dw_campaigns.BasketOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_discount_items",
    )
    session_offer = models.ForeignKey(
        "dw_campaigns.SessionOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_discount_items",
    )

    class Meta(ChannelOwned.Meta):
        pass

    def __str__(self):
        return self.name


class BenefitApplicant(ChannelOwned):
    """Which order item a discount item applies to (section 14)."""

    discount_item = models.ForeignKey(DiscountItem, on_delete=models.CASCADE, related_name="applicants")
    order_item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="benefit_applicants")

    class Meta(ChannelOwned.Meta):
        pass
