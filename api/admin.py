"""The base admin every reporting table is registered with."""

from datawarehouse.tracking.admin_recording import RecordedAdmin


class ReportingAdmin(RecordedAdmin):
    """An admin that stays fast on tables of 100k+ rows, and records every write.

    No full-table COUNT per page, and timestamps read-only (they are set by the
    database layer). Foreign keys to large tables belong in ``raw_id_fields``
    or ``autocomplete_fields`` in each subclass. Writes leave a django-reversion
    revision holding each object's prior state, and an audit event
    (datawarehouse/tracking/admin_recording.py).
    """

    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("created_date", "modified_date")
