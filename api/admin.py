"""The base admin every reporting table is registered with."""

from django.contrib import admin


class ReportingAdmin(admin.ModelAdmin):
    """An admin that stays fast on tables of 100k+ rows.

    No full-table COUNT per page, and timestamps read-only (they are set by the
    database layer). Foreign keys to large tables belong in ``raw_id_fields``
    or ``autocomplete_fields`` in each subclass.
    """

    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("created_date", "modified_date")
