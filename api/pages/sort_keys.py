"""A sort as a key to seek from: its ordering with ``id`` last, and the rows after a key.

Page mode seeks with it (a deep page, a ``seek`` token), keyset mode pages with it, and the
cursor token holds its values.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)


def seek_ordering(queryset):
    """The queryset's ordering as ``[(field, descending)]`` ending with ``id``, or ``None``.

    ``None`` when a sort key may be null: such a key cannot be compared to seek from.
    """
    ordering = []
    for name in list(queryset.query.order_by) or ["id"]:
        descending = name.startswith("-")
        field_name = name.lstrip("-")
        field_name = "id" if field_name == "pk" else field_name
        field = sort_field(queryset.model, field_name)
        if field is None:
            return None
        ordering.append((field_name if "__" in field_name else field.attname, descending))
    if ordering[-1][0] != "id":
        ordering.append(("id", False))
    return ordering


def sort_field(model, path: str):
    """The non-null field a keyset sort key names, or ``None``.

    A key is a column, or a path through non-null foreign keys to one
    (``revision__date_created``: a record whose change time is its parent's).
    A nullable key could not be compared, so it is refused.
    """
    *hops, last = path.split("__")
    try:
        for hop in hops:
            field = model._meta.get_field(hop)
            if not (field.many_to_one or field.one_to_one) or not field.concrete or field.null:
                return None
            model = field.related_model
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    return None if field.null else field


def after(ordering, values, inclusive=False):
    """Rows after ``values`` in ``ordering`` (and the row at ``values`` itself, if ``inclusive``).

    ``(a > x) OR (a = x AND id > y)``, plus the redundant ``a >= x`` so that
    PostgreSQL starts its index scan at the cursor instead of filtering from the
    first row. Keys that all run one way compare as one row value instead.
    """
    one_direction = after_in_one_direction(ordering, values, inclusive)
    if one_direction is not None:
        return one_direction
    condition = Q()
    for position in range(len(ordering) - 1, -1, -1):
        name, descending = ordering[position]
        lookup = "lt" if descending else "gt"
        if inclusive and position == len(ordering) - 1:
            lookup += "e"
        step = Q(**{f"{name}__{lookup}": values[position]})
        condition = (
            step if position == len(ordering) - 1 else step | (Q(**{name: values[position]}) & condition)
        )
    first, descending = ordering[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & condition


def after_in_one_direction(ordering, values, inclusive=False):
    """:func:`after` for keys that all run one way, as one row-value comparison ``(a, id) > (x, y)``.

    PostgreSQL starts its index scan at the row value and estimates the rows
    past it well; the ``OR`` form's terms it multiplies into a tiny estimate,
    for which it prefers a bitmap scan and a sort of everything past the key.
    ``None`` when the keys run both ways.
    """
    directions = {descending for _, descending in ordering}
    if len(directions) > 1:
        return None
    lookups = {
        (False, False): TupleGreaterThan,
        (False, True): TupleGreaterThanOrEqual,
        (True, False): TupleLessThan,
        (True, True): TupleLessThanOrEqual,
    }
    lookup = lookups[(directions.pop(), inclusive)]
    return lookup(Tuple(*(F(name) for name, _ in ordering)), tuple(values))
