from django.apps import AppConfig


class OmsCustomersConfig(AppConfig):
    name = "oms.customers"
    label = "oms_customers"
    verbose_name = "OMS customers"
