from django.apps import AppConfig


class DwSocialConfig(AppConfig):
    name = "datawarehouse.social"
    label = "dw_social"
    verbose_name = "Data warehouse: social accounts"
