from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Shared API layer"

    def ready(self):
        from api.counts import install_change_markers

        # After every migrate, so that tables created since get their change markers too.
        post_migrate.connect(install_change_markers, sender=self)
