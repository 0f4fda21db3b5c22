from django.apps import AppConfig


class DwTrackingConfig(AppConfig):
    name = "datawarehouse.tracking"
    label = "dw_tracking"
    verbose_name = "Data warehouse: change tracking"
