from django.apps import AppConfig


class SalesChannelsConfig(AppConfig):
    name = "sales_channels"
    verbose_name = "Sales channels"
