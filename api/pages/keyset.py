"""Keyset mode: any ``cursor`` parameter (empty for the first page) pages by the sort key.

Mixed into :class:`api.pages.pagination.Pagination`, whose shared and walk methods it calls.
A page answers ``{"next", "results"}``: it follows the requested sort with ``id`` as the last
key, runs no COUNT and no OFFSET, and so costs the same on page 1,000 as on page 1.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.pages.page_mode import PAGE
from api.pages.sort_keys import after, seek_ordering
from api.sync.horizon import read_horizon

CURSOR = "cursor"


class KeysetMode:
    """The keyset-mode half of :class:`api.pages.pagination.Pagination`."""

    def _keyset_page(self, queryset, view):
        ordering = keyset_ordering(queryset)
        if self.request.query_params[CURSOR]:
            values, horizon = self._position(CURSOR, ordering, queryset.model)
            queryset = self._visible(queryset, horizon).filter(after(ordering, values))
        else:
            queryset = self._visible(queryset, read_horizon())
        rows = list(queryset[: self.page_size + 1])
        self.next_link = None
        if len(rows) > self.page_size:
            rows = rows[: self.page_size]
            url = remove_query_param(self.request.build_absolute_uri(), PAGE)
            self.next_link = replace_query_param(url, CURSOR, self._next_token(rows[-1], ordering))
        return rows


def keyset_ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]``, validated for keyset use."""
    ordering = seek_ordering(queryset)
    if ordering is None:
        sort = ",".join(queryset.query.order_by)
        reason = "a key may be null: sort by id, modified_date or created_date"
        raise ValidationError({CURSOR: [f"Cursor mode cannot sort by {sort} ({reason})."]})
    return ordering
