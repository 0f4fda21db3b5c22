"""A sort as a key to seek from: its ordering with ``id`` last, and the rows after a key.

Page mode seeks with it (a deep page, a ``seek`` token), keyset mode pages with it, and the
cursor token holds its values.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Expression, F


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
    """Rows after ``values`` in ``ordering`` (and the row at ``values`` itself, if ``inclusive``)."""
    return After(ordering, values, inclusive)


class After(Expression):
    """The rows after a sort key, as one condition for ``filter()``.

    Keys that all run one way compare as one row value, ``(a, id) > (x, y)``: PostgreSQL starts
    its index scan at the row value and estimates the rows past it well. Keys that run both ways
    are ``a >= x AND (a > x OR (a = x AND id < y))``: the redundant first term makes PostgreSQL
    start its index scan at the key instead of filtering from the first row (the ``OR`` form's
    terms alone multiply into a tiny estimate, for which it prefers a bitmap scan and a sort of
    everything past the key).

    Written as SQL here, not composed from lookups, so that a walk's compiled statement
    (api/pages/statements.py) can write the same condition for each page's key without the ORM:
    given a ``marker``, the condition compiles to the marker's text and leaves it its columns.
    """

    def __init__(self, ordering, values, inclusive=False, marker=None):
        super().__init__(output_field=BooleanField())
        self.ordering, self.values, self.inclusive, self.marker = ordering, values, inclusive, marker
        self.columns = [F(name) for name, _ in ordering]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = exprs

    def as_sql(self, compiler, connection):
        columns = [compile_column(compiler, column) for column in self.columns]
        fields = [column.output_field for column in self.columns]
        directions = [descending for _, descending in self.ordering]
        if self.marker is not None:
            self.marker.found(columns, fields, directions, self.inclusive)
            return self.marker.TEXT, []
        sql = condition_sql(columns, directions, self.inclusive)
        return sql, condition_params(fields, self.values, directions, connection)


def compile_column(compiler, column) -> str:
    sql, params = compiler.compile(column)
    assert not params, "a sort key is a column"
    return sql


def condition_sql(columns: list[str], directions: list[bool], inclusive: bool) -> str:
    """:class:`After`'s condition on ``columns``, placeholders for the key's values."""

    def comparison(position):
        operator = "<" if directions[position] else ">"
        return operator + ("=" if inclusive and position == len(columns) - 1 else "")

    if len(set(directions)) == 1:
        placeholders = ", ".join(["%s"] * len(columns))
        return f"({', '.join(columns)}) {comparison(len(columns) - 1)} ({placeholders})"
    sql = f"{columns[-1]} {comparison(len(columns) - 1)} %s"
    for position in range(len(columns) - 2, -1, -1):
        column = columns[position]
        sql = f"({column} {comparison(position)} %s OR ({column} = %s AND {sql}))"
    return f"({columns[0]} {'<=' if directions[0] else '>='} %s AND {sql})"


def condition_params(fields, values, directions: list[bool], connection) -> list:
    """The parameters of :func:`condition_sql` for a key's ``values``, as the database takes them."""
    prepared = [
        field.get_db_prep_value(value, connection, prepared=False)
        for field, value in zip(fields, values, strict=True)
    ]
    if len(set(directions)) == 1:
        return prepared
    expanded = [prepared[-1]]
    for value in reversed(prepared[:-1]):
        expanded = [value, value, *expanded]
    return [prepared[0], *expanded]
