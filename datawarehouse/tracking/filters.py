"""Change-tracking filtersets: the shared lookups, each on the record's own change time."""

from reversion.models import Revision, Version

from api.filters import BaseFilterSet, IntegerFilter
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect, DeletedItem, TrackedContentType
from datawarehouse.tracking.retention import check_kept


class ContentTypeFilter(BaseFilterSet):
    class Meta:
        model = TrackedContentType
        fields = ["app_label", "model"]


class RedirectFilter(BaseFilterSet):
    class Meta:
        model = ChannelRedirect
        fields = ["site", "old_path"]


class DeletedItemFilter(BaseFilterSet):
    """Deleted items; a sync from before what was purged is a 410 (retention.py)."""

    modified_date_field = created_date_field = "deleted_date"

    class Meta:
        model = DeletedItem
        fields = ["content_type", "object_id"]

    def filter_queryset(self, queryset):
        check_kept(self.lower_bounds())
        return super().filter_queryset(queryset)


class RevisionFilter(BaseFilterSet):
    modified_date_field = created_date_field = "date_created"

    class Meta:
        model = Revision
        fields = ["user"]


class VersionFilter(BaseFilterSet):
    # A version is as old as its revision.
    modified_date_field = created_date_field = "revision__date_created"

    class Meta:
        model = Version
        fields = ["revision", "content_type", "object_id"]


class AuditEventFilter(BaseFilterSet):
    modified_date_field = created_date_field = "timestamp"
    user = IntegerFilter(field_name="user__pk", label="User")

    class Meta:
        model = AuditEvent
        fields = ["content_type", "object_id"]
