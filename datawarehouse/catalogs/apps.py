from django.apps import AppConfig


class DwCatalogsConfig(AppConfig):
    name = "datawarehouse.catalogs"
    label = "dw_catalogs"
    verbose_name = "Data warehouse: catalogs"
