"""The export fast path: list pages rendered from plain rows, not serializer objects.

A serializer declares an endpoint's fields once. :func:`row_plan` compiles that
declaration into the column list for ``values_list()`` and one row-builder
function that turns a tuple into the documented dict, each value formatted
exactly as the DRF field would (datetimes with microseconds and ``Z``, decimals
with their declared places, related records as their id, nested related objects
through joined columns). The builder is generated Python source compiled once
per serializer, so a row costs one dict display and a handful of C calls.
A forward many-to-many field served as a list of ids costs one query per page
(its link table, for the page's rows), its ids in ascending order. On
PostgreSQL the database writes datetimes and decimals in the served format
(:class:`ServedText`), and JSON columns arrive as text for the builder to
decode, so neither the driver nor Django's converter loop touches every cell.

Declarations the compiler cannot prove equivalent (method fields, many=True
nesting, custom ``to_representation``) return ``None`` and the endpoint keeps
the serializer path; a test renders every endpoint both ways and compares.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ExpressionWrapper, F, Func
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

UTC = datetime.UTC
# The one datetime format the API serves (settings.REST_FRAMEWORK["DATETIME_FORMAT"]).
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_datetime(value: datetime.datetime) -> str:
    """:data:`DATETIME_FORMAT` without strftime's cost."""
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


# The cell expressions the row builder inlines per formatted column, ``{v}`` standing for the
# column (a call per cell would cost more than the formatting). A UTC datetime is handed to
# orjson (``OPT_UTC_Z``), which writes exactly DATETIME_FORMAT in C except that it drops
# ``.000000``: only those (one in a million) and non-UTC values are formatted in Python.
# Renderers other than JSON format what is left with format_datetime.
DATETIME_CELL = "({v} if {v}.microsecond and {v}.tzinfo is UTC else format_datetime({v}))"
ISOFORMAT_CELL = "{v}.isoformat()"
UUID_CELL = "str({v})"


def decimal_cell(places: int | None) -> str:
    """A decimal as DRF writes it: quantized to its declared places (half-even), no exponent.

    ``format`` with a precision rounds exactly as DRF's quantize-then-``{:f}`` does.
    """
    return "format({v}, 'f')" if places is None else f"format({{v}}, '.{places}f')"


# What PostgreSQL writes for the same formats, so that the driver hands over a string
# instead of building a datetime or a Decimal per cell (a third of a page's fetch).
DATETIME_SQL = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
DECIMAL_SQL = "(%(expressions)s)::text"


class ServedText(Func):
    """A column as the text the API serves, where PostgreSQL can write it exactly.

    Other databases select the column as it is, converted as its ``output_field``
    converts it, and the row builder formats the value instead.
    """

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)

    def get_db_converters(self, connection):
        # The text is the served value: no conversion back to the output field's type.
        return [] if connection.vendor == "postgresql" else super().get_db_converters(connection)


# DRF fields whose to_representation of a database value is the value itself.
IDENTITY_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.JSONField,
    serializers.ChoiceField,
    serializers.ReadOnlyField,
)


@dataclass
class RowPlan:
    """The compiled form of a serializer: columns to select and a tuple-to-dict builder."""

    columns: list[str]
    build: Any
    # (position of the row's pk, forward ManyToManyField) per many-to-many id list.
    many: list[tuple[int, models.ManyToManyField]] = dataclasses.field(default_factory=list)
    # Columns selected through an expression (as text) rather than by name.
    expressions: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        self.selected = [self.expressions.get(name, name) for name in self.columns]

    def select(self, queryset, extra: list[str] = ()):
        """The queryset as tuples of the plan's columns, plus any ``extra`` ones at the end."""
        missing = [name for name in extra if name not in self.columns]
        return queryset.values_list(*self.selected, *missing)

    def key_getter(self, names: list[str]):
        positions = [self.columns.index(n) if n in self.columns else None for n in names]
        tail = iter(range(len(self.columns), len(self.columns) + positions.count(None)))
        positions = [p if p is not None else next(tail) for p in positions]
        return lambda row: tuple(row[p] for p in positions)

    def rows(self, tuples) -> list[dict]:
        build = self.build
        if not self.many:
            return [build(row) for row in tuples]
        tuples = list(tuples)
        linked = tuple(linked_ids(m2m, [row[position] for row in tuples]) for position, m2m in self.many)
        return [build(row, linked) for row in tuples]


def linked_ids(m2m: models.ManyToManyField, pks: list) -> dict[Any, list]:
    """For each of ``pks``, the ids a forward many-to-many field links it to, ascending (one query)."""
    through = m2m.remote_field.through
    source = through._meta.get_field(m2m.m2m_field_name()).attname
    target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
    linked: dict[Any, list] = {}
    pairs = through._default_manager.filter(**{f"{source}__in": pks}).order_by(target, "pk")
    for pk, target_id in pairs.values_list(source, target):
        linked.setdefault(pk, []).append(target_id)
    return linked


class _Compiler:
    def __init__(self):
        self.columns: list[str] = []
        self.many: list[tuple[int, models.ManyToManyField]] = []
        self.expressions: dict[str, Any] = {}
        self.namespace: dict[str, Any] = {"UTC": UTC, "format_datetime": format_datetime}

    def column(self, lookup: str) -> str:
        if lookup not in self.columns:
            self.columns.append(lookup)
        return f"r[{self.columns.index(lookup)}]"

    def cell(self, value: str, template: str | None) -> str:
        """``value`` formatted by ``template`` (a cell expression), null staying null."""
        if template is None:
            return value
        return f"(None if {value} is None else {template.format(v=value)})"

    def serializer(self, serializer, model, prefix: str) -> str | None:
        if type(serializer).to_representation is not serializers.Serializer.to_representation:
            return None
        items = []
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            expression = self.field(field, model, prefix)
            if expression is None:
                return None
            items.append(f"{name!r}: {expression}")
        return "{" + ", ".join(items) + "}"

    def field(self, field, model, prefix: str) -> str | None:
        if field.source == "*" or getattr(field, "many", False):
            return None
        model_field = resolve(model, field.source_attrs)
        if model_field is None:
            return None
        lookup = prefix + "__".join(field.source_attrs)
        if isinstance(field, serializers.ManyRelatedField):
            return self.many_ids(field, model, model_field, prefix)
        if isinstance(field, serializers.ModelSerializer):
            related = model_field.related_model
            if related is None or model_field.many_to_many or model_field.one_to_many:
                return None
            guard = self.column(f"{lookup}__pk")
            body = self.serializer(field, related, f"{lookup}__")
            return None if body is None else f"(None if {guard} is None else {body})"
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            if field.pk_field is not None or not model_field.is_relation or model_field.many_to_many:
                return None
            return self.column(lookup)
        if model_field.is_relation:
            return None
        template = None
        if isinstance(field, serializers.DateTimeField):
            if getattr(field, "format", api_settings.DATETIME_FORMAT) != DATETIME_FORMAT:
                return None
            template = DATETIME_CELL
            if isinstance(model_field, models.DateTimeField):
                return self.served_text(lookup, model_field, DATETIME_SQL, template)
        elif isinstance(field, serializers.DecimalField):
            coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
            if not coerce or field.normalize_output or field.localize or field.rounding:
                return None
            template = decimal_cell(field.decimal_places)
            # numeric::text writes the column's scale, so only when the serializer keeps it.
            if isinstance(model_field, models.DecimalField) and (
                model_field.decimal_places == field.decimal_places
            ):
                return self.served_text(lookup, model_field, DECIMAL_SQL, template)
        elif isinstance(field, serializers.DateField | serializers.TimeField):
            if getattr(field, "format", ISO_8601) != ISO_8601:
                return None
            template = ISOFORMAT_CELL
        elif isinstance(field, serializers.UUIDField):
            template = UUID_CELL
        elif isinstance(field, serializers.BigIntegerField):
            # A number, unless COERCE_BIGINT_TO_STRING asks for strings (and "" for null).
            if getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING):
                return None
        elif not isinstance(field, IDENTITY_FIELDS) or field.__class__.to_representation not in {
            cls.to_representation for cls in IDENTITY_FIELDS
        }:
            return None
        if isinstance(model_field, models.JSONField):
            return self.json(lookup, model_field)
        return self.cell(self.column(lookup), template)

    def json(self, lookup: str, model_field: models.JSONField) -> str:
        """A JSON column fetched as text and decoded the way the model field decodes it.

        Django applies ``from_db_value`` in a Python loop over every row whenever a
        column has a converter; selected as plain text, the row skips that loop.
        """
        self.expressions[lookup] = ExpressionWrapper(F(lookup), output_field=models.TextField())
        name = f"decode{len(self.expressions)}"
        self.namespace[name] = model_field.from_db_value
        return self.cell(self.column(lookup), f"{name}({{v}}, None, None)")

    def served_text(self, lookup: str, model_field, sql: str, template: str) -> str:
        """A column PostgreSQL writes as served text; elsewhere it arrives typed for ``template``."""
        self.expressions[lookup] = ServedText(F(lookup), template=sql, output_field=model_field)
        return self.cell(self.column(lookup), f"({{v}} if {{v}}.__class__ is str else {template})")

    def many_ids(self, field, model, model_field, prefix: str) -> str | None:
        """A top-level forward many-to-many field as its ids, looked up per page by :meth:`RowPlan.rows`."""
        child = field.child_relation
        if (
            prefix
            or not isinstance(child, serializers.PrimaryKeyRelatedField)
            or child.pk_field is not None
            or not isinstance(model_field, models.ManyToManyField)
        ):
            return None
        self.column(model._meta.pk.name)
        self.many.append((self.columns.index(model._meta.pk.name), model_field))
        return f"(m[{len(self.many) - 1}].get(r[{self.many[-1][0]}]) or [])"


def resolve(model, attrs):
    """The model field a dotted ``source`` ends at, or ``None`` if it is not a concrete column path."""
    field = None
    for position, attr in enumerate(attrs):
        if model is None:
            return None
        try:
            field = model._meta.pk if attr == "pk" else model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        if not getattr(field, "concrete", False) and not isinstance(field, models.ForeignObjectRel):
            return None
        model = field.related_model if position < len(attrs) - 1 else None
    return field


@cache
def row_plan(serializer_class) -> RowPlan | None:
    """Compile ``serializer_class`` once; ``None`` when only the serializer path is exact."""
    serializer = serializer_class()
    compiler = _Compiler()
    body = compiler.serializer(serializer, serializer.Meta.model, "")
    if body is None:
        return None
    arguments = "r, m" if compiler.many else "r"
    source = f"def build({arguments}):\n    return {body}\n"
    namespace = compiler.namespace
    exec(compile(source, f"<row plan {serializer_class.__qualname__}>", "exec"), namespace)
    return RowPlan(
        columns=compiler.columns,
        build=namespace["build"],
        many=compiler.many,
        expressions=compiler.expressions,
    )
