"""A list filter of a column's values found in the column's index, one descent per value.

Django lists the choices of a filter on a field without choices (``currency``) as
``SELECT DISTINCT currency … ORDER BY 1``, which reads every row on every changelist page: 200 ms
of a million data-warehouse orders. Here they are found in an index that leads with the column (a
model that uses this filter gives the column one; ``api/admin/index_scan.py``): for a column of a
handful of values (currencies), a handful of index descents.
"""

from django.contrib.admin.filters import AllValuesFieldListFilter

from api.admin.index_scan import ascending_values


class IndexedValues:
    """The distinct values of ``field_name`` in ``rows``, ascending, found (once) on first use."""

    def __init__(self, rows, field_name):
        self.rows, self.field_name = rows.order_by(), field_name
        self.found = None

    def __iter__(self):
        if self.found is None:
            self.found = ascending_values(self.rows, self.field_name, "gt", lambda value: value)
            if self.rows.filter(**{f"{self.field_name}__isnull": True}).exists():
                self.found.append(None)
        return iter(self.found)


class IndexedValuesFieldListFilter(AllValuesFieldListFilter):
    """Django's filter of a field's values (of the admin's own model), listed by :class:`IndexedValues`."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = IndexedValues(model_admin.get_queryset(request), field.name)
