"""Keyset mode: any ``cursor`` parameter (empty for the first page) pages by the sort key.

Mixed into :class:`api.pages.pagination.Pagination`, whose shared and walk methods it calls.
A page answers ``{"next", "results"}``: it follows the requested sort with ``id`` as the last
key, runs no COUNT and no OFFSET, and so costs the same on page 1,000 as on page 1.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.pages.links import walk_link
from api.pages.page_mode import PAGE
from api.pages.sort_keys import after, seek_ordering
from api.pages.statements import Statement, statements
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
        return self._keyset_rows(list(queryset[: self.page_size + 1]), ordering)

    def cursor_page(self, request, view):
        """A later page of a fast-path walk (``view.planned_queryset``'s rows), from the walk's
        statement (:mod:`api.pages.statements`): the query is built and compiled on the first
        such page a process serves, and each later one runs it for its own key."""
        self.request, self.view, self.keyset = request, view, True
        self.page_size = self.get_page_size(request)
        key = self._walk_key(CURSOR)
        statement = None if key is None else statements.get(key)
        if statement is None:
            queryset = view.planned_queryset(request)
            ordering = keyset_ordering(queryset)
            values, horizon = self._position(CURSOR, ordering, queryset.model)
            statement = Statement.compile(self._visible(queryset, horizon), ordering, self.page_size + 1)
            if key is not None:
                statements.put(key, statement)
        else:
            values, horizon = self._position(CURSOR, statement.ordering, statement.model)
            self._pin(horizon)
        self.link_templates = statement.links
        return self._keyset_rows(statement.rows(values), statement.ordering)

    def _keyset_rows(self, rows, ordering):
        """The page of ``rows`` (one more than a page, if more follow), its ``next`` link set."""
        self.next_link = None
        if len(rows) > self.page_size:
            rows = rows[: self.page_size]
            self.next_link = self._cursor_link(self._next_token(rows[-1], ordering))
        return rows

    def _cursor_link(self, token: str) -> str:
        """This page's absolute URL with ``cursor`` set to ``token`` and without ``page``."""

        def make(cursor):
            url = remove_query_param(self.request.build_absolute_uri(), PAGE)
            return replace_query_param(url, CURSOR, cursor)

        return walk_link(self.link_templates, self.request, CURSOR, make, token)


def keyset_ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]``, validated for keyset use."""
    ordering = seek_ordering(queryset)
    if ordering is None:
        sort = ",".join(queryset.query.order_by)
        reason = "a key may be null: sort by id, modified_date or created_date"
        raise ValidationError({CURSOR: [f"Cursor mode cannot sort by {sort} ({reason})."]})
    return ordering
