"""OMS customers (spec/oms-customers.txt)."""

from django.db import models

from api.models import TimeStampedModel
from sales_channels.models import Channel


class Customer(TimeStampedModel):
    """A customer as the OMS keeps it: a copy of Omnitron's record, linked by ``omnitron_id``.

    Field limits and labels are the ones the documented ``OPTIONS`` output shows.
    """

    omnitron_id = models.IntegerField()
    email = models.EmailField(db_index=True)
    first_name = models.CharField(max_length=255, blank=True)
    last_name = models.CharField(max_length=255, blank=True)
    phone_number = models.CharField(max_length=128, null=True, blank=True, db_index=True)
    erp_code = models.CharField("partner customer code", max_length=64, null=True, blank=True, db_index=True)
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="oms_customers"
    )

    class Meta(TimeStampedModel.Meta):
        pass

    def __str__(self):
        return self.email
