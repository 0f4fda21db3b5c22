"""The admin's paginator: a page's ids are chosen on the table alone, then its rows are read whole.

A changelist page is one query: every column of the row and of the rows it joins for its columns
(``list_select_related``), sorted, skipped to the page and limited to it. PostgreSQL joins before it
sorts and skips, so sorting by a column that no index serves, or opening a deep page, joined every
row of the table: 1.2 s for the last page of 100k order items, 0.2-0.3 s for a sort by quantity or
price. Here the page's ids are selected first, sorted and skipped on the table itself (from an
index alone where one serves the order), and the page's rows are then read by those ids with their
joins, in the same order: one query more per page, whatever the table's size. A page nearer the end
of the list than its start is read from the end, in the reverse order: the last page of a million
rows skips nothing rather than a million index entries.

The count is the API's (``api/pages/counts.py``): exact, and served from the cache while no table its
query reads has changed, so that paging through a list counts it once. The count of a narrowed list
(a search, a filter, a date of the hierarchy) is capped: counting every match read them all (480 ms
for the 110,000 districts of a million that hold ``MERKE``, 520 ms for the third of a million order
items in one status), so such a list counts its first ``COUNT_LIMIT`` rows and, past them, says
"1,000+" and pages through those; a person narrows further rather than reading page 21.
"""

from django.db.models import QuerySet
from django.utils.functional import cached_property

from api.pages.counts import exact_count
from api.pages.page_mode import CountedPaginator

COUNT_LIMIT = 1000


class AdminPaginator(CountedPaginator):
    """``cap``: count at most this many rows (a narrowed list's); ``capped`` once the count passed it."""

    capped = False

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        if self.cap is None:
            return exact_count(self.object_list)
        counted = exact_count(self.object_list[: self.cap + 1])
        self.capped = counted > self.cap
        return min(counted, self.cap)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not isinstance(self.object_list, QuerySet):
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = self.object_list.values_list("pk", flat=True)
        if bottom > self.count - top and not self.capped:
            # Nearer the end: skip from the end (an exact count says where the end is).
            ids = list(ids.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(ids[bottom:top])
        # Still a queryset in the page's order (a changelist's editable rows are a model formset).
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


class AtLeast(int):
    """A count that the rows reach past: a number to the admin's plurals, "1,000+" where it is shown."""

    def __str__(self):
        return f"{int(self):,}+"


class CappedCountChangeList:
    """A changelist mixin: a count that reached past its cap reads "1,000+" wherever the admin shows it."""

    def get_results(self, request):
        super().get_results(request)
        if self.paginator.capped:
            self.result_count = AtLeast(self.result_count)
