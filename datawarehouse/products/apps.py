from django.apps import AppConfig


class DwProductsConfig(AppConfig):
    name = "datawarehouse.products"
    label = "dw_products"
    verbose_name = "Data warehouse: products"
