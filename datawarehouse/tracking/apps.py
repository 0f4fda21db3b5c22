"""Content types, redirects, deleted items, revisions, versions and audit events (sections 38, 39, 44,
47-49).
"""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class DwTrackingConfig(AppConfig):
    name = "datawarehouse.tracking"
    label = "dw_tracking"
    verbose_name = "Data warehouse: change tracking"

    def ready(self):
        from reversion.signals import post_revision_commit

        from api.admin.base import admin_write
        from datawarehouse.tracking import audit, signals

        # Every model is loaded by now, whichever app declares it.
        for model in signals.channel_owned_models():
            post_delete.connect(
                signals.record_deletion, sender=model, dispatch_uid=f"deleted-item:{model._meta.label}"
            )
        post_save.connect(signals.track_content_type, dispatch_uid="content-type-change-time")
        post_migrate.connect(signals.backfill_content_types, dispatch_uid="content-type-change-times")
        post_revision_commit.connect(signals.link_revision_to_channel, dispatch_uid="revision-channel")
        admin_write.connect(audit.record_admin_write, dispatch_uid="admin-audit-event")
