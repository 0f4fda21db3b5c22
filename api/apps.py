from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save, pre_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Shared API layer"

    def ready(self):
        from api import stamping

        post_migrate.connect(stamping.install_triggers, sender=self)
        pre_save.connect(stamping.keep_fixture_timestamps)
        post_save.connect(stamping.stamp_after_fixture)
