"""Page mode: the documented page numbers, counted, with an opaque ``seek`` that keeps a walk exact.

Mixed into :class:`api.pages.pagination.Pagination`, whose shared and walk methods it calls.
A page answers ``{"count", "next", "previous", "results"}``; a deep page is found from the sort
key at its offset (:func:`deep_page`), and a page reached by following ``next`` from the row
after the previous page's last (:class:`SeekPage`).
"""

import dataclasses

from django.core.paginator import InvalidPage, Page
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.pages import prepared
from api.pages.counts import CountQuery, exact_count
from api.pages.links import walk_link
from api.pages.sort_keys import after, seek_ordering
from api.pages.statements import Statement, statements
from api.sync.horizon import read_horizon

PAGE = "page"
SEEK = "seek"


class CountedPaginator(DjangoPaginator):
    """Django's paginator with the count of :func:`api.pages.counts.exact_count` (cached between writes);
    ``walk``, the time of the horizon of the walk its page belongs to; ``counting``, the count's
    query where a walk's statement keeps it compiled (then ``object_list`` is not needed)."""

    def __init__(self, *args, walk=None, counting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.walk, self.counting = walk, counting

    @cached_property
    def count(self):
        if self.counting is not None:
            return self.counting.count(self.walk)
        return exact_count(self.object_list, self.walk)


class PageMode:
    """The page-mode half of :class:`api.pages.pagination.Pagination`."""

    def _numbered_page(self, queryset, unselected=None):
        """The page's rows of ``queryset``; ``unselected`` is the same rows before the fast path chose
        its columns, for the count and the seek: its joins for nested columns would otherwise stay
        in their SQL, and with them PostgreSQL sorts instead of reading the index."""
        page_number = self._positive_int(self.request, PAGE) if PAGE in self.request.query_params else 1
        self.ordering = seek_ordering(queryset)
        # Counted and sought on every row the filters match, horizon or not: the count is then
        # cached between writes (api/pages/counts.py), and the seek to a deep page's first row is an
        # index-only scan (the horizon's change time is in no sort index: filtering by it read
        # every skipped row from the table, 139 ms instead of 9 ms for page 90 of districts by
        # name). Positions thus agree with the count; rows held back are served later.
        self.counted = queryset if unselected is None else unselected
        if SEEK in self.request.query_params:
            return self._seek_page(queryset, page_number)
        horizon = read_horizon()
        queryset = self._visible(queryset, horizon)
        paginator = CountedPaginator(self.counted, self.page_size, walk=horizon.time)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise ValidationError(
                {PAGE: [f"Page {page_number} is out of range: there are {paginator.num_pages}."]}
            ) from None
        offset = self.page.start_index() - 1
        self.rows = (
            list(queryset[: self.page_size])
            if offset <= 0
            else deep_page(queryset, offset, self.page_size, seek=self.counted)
        )
        return self.rows

    def _seek_page(self, queryset, page_number):
        """Page ``page_number`` of a walk that followed ``next``: the rows after the last one it served."""
        self._check_seek()
        values, horizon = self._position(SEEK, self.ordering, queryset.model)
        queryset = self._visible(queryset, horizon)
        rows = list(queryset.filter(after(self.ordering, values))[: self.page_size + 1])
        counted = CountedPaginator(self.counted, self.page_size, walk=horizon.time)
        return self._seek_rows(rows, page_number, counted)

    def seek_page(self, request, view):
        """A page of a fast-path walk (``view.planned_queryset``'s rows) that followed ``next``, from the
        walk's statement as :meth:`cursor_page` serves a cursor walk's, counted by the count query the
        statement keeps."""
        self.request, self.view, self.keyset = request, view, False
        self.page_size = self.get_page_size(request)
        page_number = self._positive_int(request, PAGE) if PAGE in request.query_params else 1
        key = self._walk_key(SEEK)
        statement = None if key is None else statements.get(key)
        if statement is None:
            queryset = view.planned_queryset(request)
            self.ordering = seek_ordering(queryset)
            self._check_seek()
            values, horizon = self._position(SEEK, self.ordering, queryset.model)
            counting = CountQuery.of(view.unselected_queryset)
            statement = Statement.compile(self._visible(queryset, horizon), self.ordering, self.page_size + 1)
            if counting is None:  # only Django counts these rows: no statement to keep
                counted = CountedPaginator(view.unselected_queryset, self.page_size, walk=horizon.time)
                return self._seek_rows(statement.rows(values), page_number, counted)
            # Kept for the walk's pages: prepared on each session too, as the rows' statement is.
            counting = dataclasses.replace(counting, prepared_as=prepared.statement_name())
            statement = dataclasses.replace(statement, counting=counting)
            if key is not None:
                statements.put(key, statement)
        else:
            self.ordering = statement.ordering
            values, horizon = self._position(SEEK, self.ordering, statement.model)
            self._pin(horizon)
        self.link_templates = statement.links
        counted = CountedPaginator((), self.page_size, walk=horizon.time, counting=statement.counting)
        return self._seek_rows(statement.rows(values), page_number, counted)

    def _check_seek(self):
        if self.ordering is None:
            raise ValidationError({SEEK: ["This sort cannot seek: follow page numbers without seek."]})

    def _seek_rows(self, rows, page_number, paginator):
        """The page of ``rows`` (one more than a page, if more follow), numbered ``page_number``."""
        self.rows = rows[: self.page_size]
        self.page = SeekPage(self.rows, page_number, paginator)
        self.page.more = len(rows) > self.page_size
        return self.rows

    def get_next_link(self):
        # A page without rows ends the walk even where the count says more: the count includes
        # rows the horizon holds back for now, which a later request serves.
        if not (self.page.has_next() and self.rows):
            return None
        number = self.page.next_page_number()
        if self.ordering is None:
            return replace_query_param(self.request.build_absolute_uri(), PAGE, number)

        def make(page, seek):
            url = replace_query_param(self.request.build_absolute_uri(), PAGE, page)
            return replace_query_param(url, SEEK, seek)

        seek = self._next_token(self.rows[-1], self.ordering)
        return walk_link(self.link_templates, self.request, "next", make, number, seek)

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        number = self.page.previous_page_number()

        def make(*page):
            url = remove_query_param(self.request.build_absolute_uri(), SEEK)
            return replace_query_param(url, PAGE, *page) if page else remove_query_param(url, PAGE)

        numbered = () if number == 1 else (number,)
        kind = "previous" if numbered else "first"
        return walk_link(self.link_templates, self.request, kind, make, *numbered)


class SeekPage(Page):
    """A page found from the previous page's last row: whether more follow is known, not counted.

    Rows deleted before it shrink the count, so its number may exceed the pages counted now.
    """

    more = False

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def deep_page(queryset, offset, size, seek=None):
    """The ``size`` rows from position ``offset`` on, without reading the skipped rows in full.

    The sort key of the row at ``offset`` comes from an index-only scan past the
    offset (of ``seek``, the same rows without joined columns, if given); the page
    is then the rows at or after that key, fetched the way a cursor page is. A
    sort on a nullable column has no such key: its page finds its ids past the
    offset first, then fetches just those rows.
    """
    seek = queryset if seek is None else seek
    ordering = seek_ordering(queryset)
    if ordering is None:
        ids = list(seek.values_list("pk", flat=True)[offset : offset + size])
        return list(queryset.filter(pk__in=ids))
    start = list(seek.values_list(*(name for name, _ in ordering))[offset : offset + 1])
    if not start:  # rows deleted since the count
        return []
    return list(queryset.filter(after(ordering, start[0], inclusive=True))[:size])
