from django.apps import AppConfig


class DwPaymentsConfig(AppConfig):
    name = "datawarehouse.payments"
    label = "dw_payments"
    verbose_name = "Data warehouse: payments"
