"""The base admin every reporting table is registered with."""

from django.contrib.admin.utils import lookup_spawns_duplicates

from api.admin_search import search
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

    def get_search_results(self, request, queryset, search_term):
        """Search that indexes can answer (api/admin_search.py)."""
        search_fields = self.get_search_fields(request)
        if not (search_fields and search_term):
            return queryset, False
        duplicates = any(lookup_spawns_duplicates(self.opts, field.lstrip("=^@")) for field in search_fields)
        return search(self.model, queryset, search_fields, search_term), duplicates
