"""The admin's date hierarchy, with its years, months and days found in the date's index.

Django lists a changelist's years with ``SELECT DISTINCT DATE_TRUNC('year', field)``, which reads
every row the list holds: 384 ms of a million data-warehouse orders, on every changelist page of a
model with a ``date_hierarchy``; a year's months and a month's days likewise read every row of that
year or month (333 ms for a year holding a quarter of a million orders). Here each period is found
from the one before it, as the earliest date from the next period's start on (``MIN``, one descent
of the date's index, ``api/admin/index_scan.py``): a query per year, month or day listed, whatever
the rows' number. A list of
at most 1,000 rows (a search, a narrow filter) reads their dates instead (below).
"""

import datetime

from django import template
from django.conf import settings
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
from django.utils import timezone

from api.admin.index_scan import ascending_values
from api.admin.paginator import COUNT_LIMIT

register = template.Library()


def next_start(moment, kind):
    """The start of the year, month or day after the one ``moment`` (a date or a datetime) is in."""
    if kind == "year":
        start = moment.replace(year=moment.year + 1, month=1, day=1)
    elif kind == "month":
        start = moment.replace(year=moment.year + moment.month // 12, month=moment.month % 12 + 1, day=1)
    else:
        start = moment + datetime.timedelta(days=1)
    if isinstance(start, datetime.datetime):
        start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return start


class IndexedPeriods:
    """A changelist's queryset as the date hierarchy sees it: its periods found one index descent each,
    or, for a list of at most ``COUNT_LIMIT`` rows, in those rows' dates.

    A few rows (a search for an order number) are the wrong place for an index descent: the earliest
    date *of the rows that match* walks the date's index until it meets one, through the whole index
    of a million orders for the one match (2.9 s). Their dates are read instead, at most 1,000.
    """

    def __init__(self, queryset, field_name, few):
        self.queryset = queryset
        self.moments = None
        if few:
            moments = queryset.order_by().values_list(field_name, flat=True)[: COUNT_LIMIT + 1]
            self.moments = sorted(moment for moment in moments if moment is not None)

    def __getattr__(self, name):
        return getattr(self.queryset, name)

    def aggregate(self, **aggregates):
        """Django asks the rows' first and last date (``Min``, ``Max``) to choose the level to show."""
        if self.moments is None:
            return self.queryset.aggregate(**aggregates)
        ends = {Min: self.moments[:1], Max: self.moments[-1:]}
        return {name: next(iter(ends[type(aggregate)]), None) for name, aggregate in aggregates.items()}

    def datetimes(self, field_name, kind, *args, **kwargs):
        return self.periods(field_name, kind)

    def dates(self, field_name, kind, *args, **kwargs):
        return self.periods(field_name, kind)

    def periods(self, field_name, kind):
        """The earliest date of each year, month or day the rows span, in the current time zone."""
        if self.moments is not None:
            found = []
            for moment in map(local, self.moments):
                if not found or moment >= next_start(found[-1], kind):
                    found.append(moment)
            return found
        firsts = ascending_values(
            self.queryset, field_name, "gte", lambda first: next_start(local(first), kind)
        )
        return [local(first) for first in firsts]


def local(moment):
    return (
        timezone.localtime(moment)
        if isinstance(moment, datetime.datetime) and timezone.is_aware(moment)
        else moment
    )


def selected_dates(cl):
    """The admin's rows in the year, month or day the hierarchy has selected (all of them if none)."""
    field = cl.date_hierarchy
    year, month, day = (cl.params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    if not year:
        return cl.root_queryset
    start = datetime.datetime(int(year), int(month or 1), int(day or 1))
    if settings.USE_TZ:
        start = timezone.make_aware(start)
    end = next_start(start, "day" if day else "month" if month else "year")
    return cl.root_queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def indexed_date_hierarchy(cl):
    """Django's ``date_hierarchy`` context for ``cl``, its periods listed by :class:`IndexedPeriods`.

    A narrowed list past the count's cap (a search for a common piece) lists the periods of every
    row of the selected dates, not of its own: the earliest date of its own rows read all its
    matches from the table, per period (110 ms each for a piece of 18,000 of a million orders'
    e-mail addresses). A period may then hold none of the list's rows.
    """
    queryset, capped = cl.queryset, getattr(cl.paginator, "capped", False)
    few = not capped and cl.result_count <= COUNT_LIMIT
    cl.queryset = IndexedPeriods(selected_dates(cl) if capped else queryset, cl.date_hierarchy, few)
    try:
        return date_hierarchy(cl)
    finally:
        cl.queryset = queryset


@register.tag(name="indexed_date_hierarchy")
def indexed_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=indexed_date_hierarchy, template_name="date_hierarchy.html", takes_context=False
    )
