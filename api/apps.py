from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, post_save, pre_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Shared API layer"

    def ready(self):
        from api.pages.counts import install_change_markers
        from api.sync import stamping

        # After every migrate, so that tables created since get their change markers and
        # stamped change times too.
        post_migrate.connect(install_change_markers, sender=self)
        post_migrate.connect(stamping.install_triggers, sender=self)
        pre_save.connect(stamping.keep_fixture_timestamps)
        post_save.connect(stamping.stamp_after_fixture)
        # Run by migrate and by check --database (gunicorn runs no checks; /readyz says it too).
        checks.register(stamping.check_triggers, checks.Tags.database)
