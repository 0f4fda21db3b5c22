from django.apps import AppConfig


class DwOrdersConfig(AppConfig):
    name = "datawarehouse.orders"
    label = "dw_orders"
    verbose_name = "Data warehouse: orders"
