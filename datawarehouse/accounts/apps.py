from django.apps import AppConfig


class DwAccountsConfig(AppConfig):
    name = "datawarehouse.accounts"
    label = "dw_accounts"
    verbose_name = "Data warehouse: accounts"
