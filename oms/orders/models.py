"""OMS orders and order items (spec/oms-order-items.txt).

An order item carries its status record, its product (with images), and the
price and stock lists its price and stock came from, each nested in the
documented output. ``Order`` holds what the item list filters by (its number).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from api.models import TimeStampedModel
from oms.customers.models import Customer
from sales_channels.models import Channel

MONEY = {"max_digits": 12, "decimal_places": 2}


class Order(TimeStampedModel):
    omnitron_id = models.IntegerField(null=True, blank=True)
    number = models.CharField(max_length=128, unique=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="oms_orders")
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )

    class Meta(TimeStampedModel.Meta):
        pass

    def __str__(self):
        return self.number


class OrderStatus(TimeStampedModel):
    """A status an order item can be in: one value of an enum (``enum_class``, ``enum_value``).

    ``content_type`` names the model the status applies to; ``translations``
    holds the display name per language (``{"en-us": {"name": …}}``).
    """

    translations = models.JSONField(default=dict, blank=True)
    name = models.CharField(max_length=255)
    config = models.JSONField(default=dict, blank=True)
    enum_class = models.CharField(max_length=128)
    enum_value = models.CharField(max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")

    class Meta(TimeStampedModel.Meta):
        verbose_name_plural = "order statuses"

    def __str__(self):
        return self.name


class Product(TimeStampedModel):
    omnitron_id = models.IntegerField(db_index=True)
    name = models.CharField(max_length=255)
    base_code = models.CharField(max_length=128, db_index=True)
    sku = models.CharField(max_length=128, db_index=True)
    barcode = models.CharField(max_length=128, null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    attributes_kwargs = models.JSONField(default=dict, blank=True)
    extra_attributes = models.JSONField(default=dict, blank=True)
    remote_modified_date = models.DateTimeField(null=True, blank=True, help_text="Last change in Omnitron.")

    class Meta(TimeStampedModel.Meta):
        pass

    def __str__(self):
        return f"{self.sku} {self.name}"


class ProductImage(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    # Text, not URLField: the documented values are CDN templates ("https://{cdn_url}/...").
    url = models.CharField(max_length=1024)
    order = models.PositiveIntegerField(default=0, help_text="Display position among the product's images.")

    class Meta(TimeStampedModel.Meta):
        ordering = ["order", "id"]

    def __str__(self):
        return self.url


class StockPriceList(TimeStampedModel):
    code = models.CharField(max_length=64, null=True, blank=True)
    name = models.CharField(max_length=255)
    is_auto_sync = models.BooleanField(default=False)

    class Meta(TimeStampedModel.Meta):
        abstract = True

    def __str__(self):
        return self.name


class PriceList(StockPriceList):
    class Meta(StockPriceList.Meta):
        pass


class StockList(StockPriceList):
    class Meta(StockPriceList.Meta):
        pass


class OrderItem(TimeStampedModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    state = models.ForeignKey(OrderStatus, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    omnitron_id = models.IntegerField(db_index=True)
    net_amount = models.DecimalField(**MONEY)
    price = models.DecimalField(**MONEY)
    price_currency = models.CharField(max_length=8, default="try")
    retail_price = models.DecimalField(**MONEY)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)
    tax_amount = models.DecimalField(**MONEY, null=True, blank=True)
    discount_amount = models.DecimalField(**MONEY, default=0)
    without_net_amount = models.DecimalField(**MONEY, null=True, blank=True)
    installment_interest_amount = models.DecimalField(**MONEY, null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    attributes_kwargs = models.JSONField(default=dict, blank=True)
    image = models.JSONField(null=True, blank=True)
    price_list = models.ForeignKey(
        PriceList, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stock_list = models.ForeignKey(
        StockList, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extra_field = models.JSONField(default=dict, blank=True)
    parent_omnitron_id = models.IntegerField(
        null=True, blank=True, help_text="The bundle item this item belongs to, by its Omnitron id."
    )

    class Meta(TimeStampedModel.Meta):
        pass

    def __str__(self):
        return f"{self.order_id}/{self.omnitron_id}"
