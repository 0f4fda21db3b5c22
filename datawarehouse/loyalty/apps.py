from django.apps import AppConfig


class DwLoyaltyConfig(AppConfig):
    name = "datawarehouse.loyalty"
    label = "dw_loyalty"
    verbose_name = "Data warehouse: loyalty"
