from django.apps import AppConfig


class DwCmsConfig(AppConfig):
    name = "datawarehouse.cms"
    label = "dw_cms"
    verbose_name = "Data warehouse: CMS"
