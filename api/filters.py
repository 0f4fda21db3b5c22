"""The shared filterset: id and modified_date lookups, the whole-day date rule, and ``sort``.

Every endpoint's filterset inherits :class:`BaseFilterSet` and only names its
model and any extra fields; the lookups, their parsing and their errors live here.
"""

import datetime

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django_filters.fields import BaseCSVField
from django_filters.utils import get_model_field
from drf_spectacular.utils import extend_schema_field

from api.values import INT64_RANGE, checked_utc, integer_range

ID_LOOKUPS = ["exact", "gt", "gte", "lt", "lte"]
DATE_LOOKUPS = ["exact", "gt", "gte", "lt", "lte"]
# The lookups that keep out every value below some bound (BaseFilterSet.lower_bounds).
LOWER_BOUND_LOOKUPS = ("exact", "gt", "gte")
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


class IsoDateOrDateTimeField(forms.Field):
    """Parses an ISO 8601 date or datetime; a date is returned as a ``date``.

    A datetime is returned in UTC; a naive one is read as UTC, the time zone
    every datetime is served in. Its offset must be one a time zone uses today
    and its UTC form must stay within years 1 to 9999 (see ``api.values``).
    """

    default_error_messages = {
        "invalid": (
            "Enter an ISO 8601 date (YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM])."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = value.strip()
        if "T" in value and " " in value:
            # An unencoded "+HH:MM" offset arrives as a space.
            value = value.replace(" ", "+")
        try:
            # A bare date first: parse_datetime would read it as midnight.
            parsed = parse_date(value) if len(value) == 10 else parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(parsed, datetime.datetime):
            try:
                parsed = checked_utc(parsed)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="out_of_range") from None
        return parsed


@extend_schema_field(
    {
        "type": "string",
        # No "example": Swagger UI would pre-fill every date filter with it on "Try it out".
        "description": "ISO 8601 date (the whole UTC day) or datetime (naive = UTC), "
        "e.g. `2025-01-09` or `2025-01-09T13:00:00+03:00`.",
    }
)
class DateTimeLookupFilter(django_filters.Filter):
    """A datetime filter that also takes a date, meaning the whole of that day.

    The documentation words ``?modified_date__lte=2025-01-09`` as "modified on or
    before January 9", so a date is the half-open UTC interval
    ``[day 00:00, next day 00:00)`` and each lookup compares against the
    interval's matching edge. ``OPTIONS`` lists the lookups of one field as a
    single entry, as the documented output does.
    """

    field_class = IsoDateOrDateTimeField
    options_grouped = True

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime.datetime):
            return super().filter(qs, value)
        field = self.field_name
        start = day_start(value)
        from_start = Q(**{f"{field}__gte": start})
        if value < datetime.date.max:
            end = start + datetime.timedelta(days=1)
            before_end, from_end = Q(**{f"{field}__lt": end}), Q(**{f"{field}__gte": end})
        else:
            # The day after 9999-12-31 cannot be written: every time is before it, none after.
            before_end, from_end = Q(**{f"{field}__isnull": False}), Q(pk__in=[])
        condition = {
            "exact": from_start & before_end,
            "gt": from_end,
            "gte": from_start,
            "lt": Q(**{f"{field}__lt": start}),
            "lte": before_end,
        }[self.lookup_expr]
        return self.get_method(qs)(condition)

    def lower_bound(self, value):
        """The earliest time this filter lets through for ``value``; ``None`` if it sets no lower bound."""
        if self.lookup_expr not in LOWER_BOUND_LOOKUPS:
            return None
        if isinstance(value, datetime.datetime):
            # A stored time has microseconds: the first one after ``value`` (none after the last one).
            after = self.lookup_expr == "gt" and value < LATEST
            return value + datetime.timedelta(microseconds=1) if after else value
        if self.lookup_expr != "gt":
            return day_start(value)
        return day_start(value + datetime.timedelta(days=1)) if value < datetime.date.max else LATEST


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class SortKeysField(BaseCSVField):
    """The comma-separated keys of ``sort``: none may be empty, and no field may be named twice."""

    default_error_messages = {
        "empty_key": "A sort key is empty: name fields separated by single commas (sort=-modified_date,id).",
        "repeated_key": "Each field may be sorted by once.",
    }

    def clean(self, value):
        if value:
            if any(not key for key in value):
                raise forms.ValidationError(self.error_messages["empty_key"], code="empty_key")
            fields = [key.removeprefix("-") for key in value]
            if len(set(fields)) < len(fields):
                raise forms.ValidationError(self.error_messages["repeated_key"], code="repeated_key")
        return super().clean(value)


class SortFilter(django_filters.OrderingFilter):
    """``sort=field,-other``: one or more fields, ``-`` for descending.

    ``id`` is always appended as the last key (unless already named), so that
    rows with equal sort values keep one order from page to page. It runs in the
    direction of the key before it, so that one ascending index ``(…, key, id)``
    serves both ``sort=key`` and ``sort=-key`` (read backwards).
    """

    metadata_type = "dropdown"
    base_field_class = SortKeysField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Sort")
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        labels = {"id": "ID", **labels}
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param.replace("_", " ").title())
            choices += [(param, label), (f"-{param}", f"{label} (descending)")]
        return choices

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        if not {"id", "-id"} & set(ordering):
            ordering.append("-id" if ordering[-1].startswith("-") else "id")
        return qs.order_by(*ordering)


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is an error, never "no filter"."""

    default_error_messages = {"invalid": "Enter true or false."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        normalized = str(value).strip().lower()
        if normalized in {"true", "1"}:
            return True
        if normalized in {"false", "0"}:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A number filter that accepts whole numbers only (``id=1.5`` is a 400, not ``id=1``).

    Bounded by what its column can hold (``column_range``, set by
    :class:`BaseFilterSet` from the model field): a value beyond it is a 400
    that names the range, not a driver's overflow error.
    """

    field_class = forms.IntegerField
    metadata_type = "integer"
    column_range = INT64_RANGE

    @property
    def field(self):
        if not hasattr(self, "_field"):
            low, high = self.column_range
            self._field = self.field_class(label=self.label, min_value=low, max_value=high, **self.extra)
        return self._field

    def lower_bound(self, value):
        """The smallest number this filter lets through for ``value``; ``None`` if it sets no lower bound."""
        if self.lookup_expr not in LOWER_BOUND_LOOKUPS:
            return None
        return value + 1 if self.lookup_expr == "gt" else value


class BaseFilterSet(django_filters.FilterSet):
    """Filters every endpoint shares.

    Subclasses set ``Meta.model`` and ``Meta.fields`` (their own filters only;
    a dict of lookups or a list for exact matches) and ``sort_fields``. The
    shared filters are added around them, in the order ``OPTIONS`` lists them:
    ``sort``, the ``id`` lookups, the subclass's fields, ``modified_date`` and
    ``created_date``. A model whose change time has another name sets
    ``modified_date_field`` (a column, or a path through a non-null foreign key
    when the record keeps no time of its own); one without a creation time sets
    ``created_date_field = None``.
    """

    # Related records filter by id without a lookup query: an unknown id
    # matches nothing, a malformed one is a 400.
    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": DateTimeLookupFilter},
        models.BooleanField: {"filter_class": BooleanFilter},
        models.IntegerField: {"filter_class": IntegerFilter},
        models.BigIntegerField: {"filter_class": IntegerFilter},
        models.SmallIntegerField: {"filter_class": IntegerFilter},
        models.PositiveIntegerField: {"filter_class": IntegerFilter},
        models.PositiveSmallIntegerField: {"filter_class": IntegerFilter},
        models.PositiveBigIntegerField: {"filter_class": IntegerFilter},
        models.ForeignKey: {"filter_class": IntegerFilter},
        models.OneToOneField: {"filter_class": IntegerFilter},
    }
    id_lookups: tuple[str, ...] = ID_LOOKUPS
    modified_date_field: str = "modified_date"
    created_date_field: str | None = "created_date"
    sort_fields: tuple[str, ...] = ("id", "modified_date")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # Build and clean only the filters the request names: django-filter
            # deep-copies and validates every declared filter per request, which
            # costs more than rendering a page of rows. (Unknown names are
            # rejected before this by the viewset.)
            self.base_filters = {name: f for name, f in self.base_filters.items() if name in data}
        super().__init__(data, *args, **kwargs)

    def lower_bounds(self) -> dict[str, object]:
        """The smallest value each column may hold in the rows of this request, by column name.

        Read from the cleaned values of its number and time filters (call it once they are valid,
        as ``filter_queryset`` is): ``id__gt=5`` bounds ``id`` at 6, ``modified_date=2025-01-09`` its
        column at that day's start. Filters are ANDed, so a column bounded twice keeps the larger.
        """
        bounds = {}
        for name, filter_ in self.filters.items():
            value = self.form.cleaned_data.get(name)
            if value is None or not isinstance(filter_, (IntegerFilter, DateTimeLookupFilter)):
                continue
            bound = filter_.lower_bound(value)
            if bound is not None:
                column = filter_.field_name
                bounds[column] = max(bound, bounds.get(column, bound))
        return bounds

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if not cls._meta.model:
            return filters
        model_fields = {field.name for field in cls._meta.model._meta.get_fields()}
        aliases = {"modified_date": cls.modified_date_field, "created_date": cls.created_date_field}
        sort = SortFilter(
            field_name="sort", fields=[(aliases.get(name) or name, name) for name in cls.sort_fields]
        )
        shared = {"sort": sort, **lookup_filters(IntegerFilter, "id", "id", cls.id_lookups)}
        shared.update(filters)
        for param, column in aliases.items():
            # A change time may be reached through a relation ("revision__date_created").
            if column and column.split("__", 1)[0] in model_fields:
                shared.update(lookup_filters(DateTimeLookupFilter, param, column, DATE_LOOKUPS))
        for filter_ in shared.values():
            if isinstance(filter_, IntegerFilter):
                filter_.column_range = integer_range(model_field(cls._meta.model, filter_.field_name))
        return shared


def model_field(model, path: str):
    """The field a filter's path ends at; ``user__pk`` ends at the foreign key, whose target is the key."""
    if path == "pk":
        return model._meta.pk
    return get_model_field(model, path.removesuffix("__pk"))


def lookup_filters(filter_class, param, field_name, lookups):
    """One filter per lookup, named the way django-filter names them (``id``, ``id__gt``, …)."""
    return {
        param if lookup == "exact" else f"{param}__{lookup}": filter_class(
            field_name=field_name, lookup_expr=lookup
        )
        for lookup in lookups
    }
