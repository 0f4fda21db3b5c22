from django.apps import AppConfig


class OmsOrdersConfig(AppConfig):
    name = "oms.orders"
    label = "oms_orders"
    verbose_name = "OMS orders"
