"""The base admin every reporting table is registered with, and the signal its writes send.

- **Revisions and versions** (sections 47, 48): django-reversion's ``VersionAdmin`` registers each
  model and opens a revision per admin request. The documentation's versions hold the state of an
  object *before* the revision ("the object version prior to the revision is saved"), where
  django-reversion saves the state after a save; so the revision is kept in manual mode and each
  changed or deleted object is added as it was in the database before the write (inline children
  included, through reversion's follow). An addition has no prior state and records no revision.
- **Writes** (``admin_write``): sent from the admin's own log hooks (``log_addition``,
  ``log_change``, ``log_deletions``), which Django calls once per object of every add, change, list
  edit, delete and bulk delete, in the request's transaction. The tracking app records an audit
  event (section 49) for each (datawarehouse/tracking/apps.py); the shared layer does not know it.
"""

from contextlib import contextmanager

import reversion
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.dispatch import Signal
from reversion.admin import VersionAdmin

from api.admin.facets import FacetedChangeList
from api.admin.paginator import COUNT_LIMIT, AdminPaginator, CappedCountChangeList
from api.admin.search import search

# Sent with ``request``, ``objects``, ``action`` ("addition", "change" or "deletion") and ``message``
# (the admin's change message); a deletion is sent before the objects are deleted.
admin_write = Signal()


class ReportingChangeList(CappedCountChangeList, FacetedChangeList):
    """Every reporting admin's changelist: facets counted up to a cap in one query, a capped count shown
    as such, a sort's ties broken in the sort's own direction, and no sort by a column left out of
    ``sortable_by`` (a large table's column that no index serves)."""

    def get_ordering_field(self, field_name):
        # Django leaves a column out of sortable_by only in its header: ?o= still sorted by it.
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)

    def get_ordering(self, request, queryset):
        # Django breaks a sort's ties by the admin's default, -pk, whichever way the sort goes, so
        # "status, -pk" and "-status, -pk" would need an index each; "status, pk" and "-status, -pk"
        # are one index on (status, id), read forwards and backwards.
        ordering = super().get_ordering(request, queryset)
        keys = {"pk", self.lookup_opts.pk.name}
        for n in range(1, len(ordering)):
            if ordering[n] in {f"-{key}" for key in keys} and ascending(ordering[n - 1]):
                ordering[n] = ordering[n][1:]
        return ordering


def ascending(part) -> bool:
    """Whether one term of an ordering (a name, maybe "-"-prefixed, or an expression) sorts ascending."""
    if isinstance(part, str):
        return not part.startswith("-")
    return not getattr(part, "descending", False)


class ReportingAdmin(VersionAdmin):
    """An admin that stays fast on tables of 100k+ rows, and records every write.

    No full-table COUNT beside the page's own, which is counted once between writes (a narrowed
    list's up to a cap: api/admin/paginator.py); a page's
    rows chosen on the table alone before they are joined (api/admin/paginator.py); the facets
    counted up to a cap, in one query (api/admin/facets.py); timestamps read-only
    (set by the database layer). Foreign keys to large tables belong in ``raw_id_fields`` or
    ``autocomplete_fields`` in each subclass. Writes leave a django-reversion revision holding
    each object's prior state, and send ``admin_write``.
    """

    show_full_result_count = False
    # The date hierarchy's years from the date's index (api/templatetags/indexed_date_hierarchy.py).
    change_list_template = "admin/reporting_change_list.html"
    list_per_page = 50
    paginator = AdminPaginator
    readonly_fields = ("created_date", "modified_date")

    def get_changelist(self, request, **kwargs):
        return ReportingChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # A narrowed list (a search, a filter, a date) counts up to a cap; the whole table exactly.
        cap = COUNT_LIMIT if queryset.query.has_filters() else None
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, cap=cap)

    def get_ordering(self, request):
        # The changelist orders a model without an ordering by -pk itself; an autocomplete lookup
        # pages the admin's queryset as it is, in no order, so its pages could repeat or skip rows.
        return super().get_ordering(request) or self.opts.ordering or ("-pk",)

    @contextmanager
    def create_revision(self, request):
        # Manual mode: a save adds nothing by itself; the hooks below add prior states.
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            yield

    def save_model(self, request, obj, form, change):
        if change and reversion.is_active():
            reversion.add_to_revision(type(obj)._base_manager.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self.save_deletion_revision(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.save_deletion_revision(request, queryset)
        super().delete_queryset(request, queryset)

    def save_deletion_revision(self, request, objects):
        """A revision of the objects as they are, saved now: django-reversion saves a revision when its
        block ends and leaves out objects that no longer exist by then."""
        with self.create_revision(request):
            reversion.set_comment("Deleted.")
            for obj in objects:
                reversion.add_to_revision(obj)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" not in request.POST:
            # An action ("delete selected"): run it outside VersionAdmin's changelist revision, which
            # would end after the deletion; save_deletion_revision() saves its own before it.
            context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
            return super(VersionAdmin, self).changelist_view(request, context)
        return super().changelist_view(request, extra_context)

    # Writes --------------------------------------------------------------------------------------

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        admin_write.send(
            type(self), request=request, objects=[obj], action="addition", message=entry.get_change_message()
        )
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        admin_write.send(
            type(self), request=request, objects=[obj], action="change", message=entry.get_change_message()
        )
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        admin_write.send(type(self), request=request, objects=queryset, action="deletion", message="")
        return entries

    def get_search_results(self, request, queryset, search_term):
        """Search that indexes can answer (api/admin/search.py)."""
        search_fields = self.get_search_fields(request)
        if not (search_fields and search_term):
            return queryset, False
        duplicates = any(lookup_spawns_duplicates(self.opts, field.lstrip("=^@")) for field in search_fields)
        return search(self.model, queryset, search_fields, search_term), duplicates
