from django.apps import AppConfig


class DwShippingsConfig(AppConfig):
    name = "datawarehouse.shippings"
    label = "dw_shippings"
    verbose_name = "Data warehouse: shipping"
