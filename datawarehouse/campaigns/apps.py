from django.apps import AppConfig


class DwCampaignsConfig(AppConfig):
    name = "datawarehouse.campaigns"
    label = "dw_campaigns"
    verbose_name = "Data warehouse: campaigns"
