from django.apps import AppConfig


class DwBasketsConfig(AppConfig):
    name = "datawarehouse.baskets"
    label = "dw_baskets"
    verbose_name = "Data warehouse: baskets"
