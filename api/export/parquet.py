"""A whole-table export as one Parquet file, streamed row group by row group.

The schema is derived from the endpoint's serializer before the first row, never
inferred from the data, so that an empty export, or a chunk where a column is all
null, keeps every column's type: integers int64, booleans, text utf8, datetimes
timestamp[us, UTC], dates date32, decimals decimal128(max_digits, decimal_places),
floats float64, lists of ids list<int64>, JSON values (and what only a method
knows, such as a nested list) as JSON text. Columns follow the documented field
order; a nested record is flattened to dotted columns (``price_list.pk``), as the
CSV export does, rather than written as a struct: the same column names in every
tabular format, and flat columns that every Parquet reader (pandas, DuckDB,
spreadsheets' importers) reads without unnesting.

Each chunk of rows becomes a record batch that the writer writes as a row group
to a file-like sink; the sink's bytes are yielded as they come, so a worker holds
one chunk. A file cut off mid-stream has no footer and no reader opens it.
"""

from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import models
from django.utils.encoding import force_str
from rest_framework import serializers

from api.pages.fastpath import format_datetime, resolve

TIMESTAMP = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True)
class Column:
    """One Parquet column: its dotted name, the path to its value in a served row, its type."""

    name: str
    path: tuple[str, ...]
    type: pa.DataType
    # How the served values become the column's: None (as they are), "cast" (from their text), "json".
    convert: str | None = None


def arrow_type(field, model_field) -> tuple[pa.DataType, str | None]:
    """The Parquet type of a served field, and how its served values convert to it."""
    if isinstance(field, serializers.ManyRelatedField):
        return pa.list_(pa.int64()), None
    if isinstance(
        field, serializers.JSONField | serializers.ListSerializer | serializers.SerializerMethodField
    ):
        return pa.string(), "json"
    if isinstance(field, serializers.PrimaryKeyRelatedField) and model_field is not None:
        model_field = model_field.target_field
    if isinstance(field, serializers.DecimalField) and field.max_digits is not None:
        return pa.decimal128(field.max_digits, field.decimal_places), "cast"
    if isinstance(field, serializers.DateTimeField) or isinstance(model_field, models.DateTimeField):
        return TIMESTAMP, "cast"
    if isinstance(field, serializers.DateField) or isinstance(model_field, models.DateField):
        return pa.date32(), "cast"
    if isinstance(field, serializers.BooleanField) or isinstance(model_field, models.BooleanField):
        return pa.bool_(), None
    if isinstance(field, serializers.IntegerField) or isinstance(model_field, models.IntegerField):
        return pa.int64(), None
    if isinstance(field, serializers.FloatField) or isinstance(model_field, models.FloatField):
        return pa.float64(), None
    if isinstance(field, serializers.CharField | serializers.UUIDField):
        return pa.string(), None
    if isinstance(model_field, models.JSONField) or model_field is None:
        return pa.string(), "json"  # a JSON value, or one only a method knows the type of
    return pa.string(), None


@cache
def parquet_columns(serializer_class) -> tuple[Column, ...]:
    """The export's columns, in documented field order (cached per serializer class)."""
    serializer = serializer_class()
    return tuple(_columns(serializer, serializer.Meta.model, ()))


def _columns(serializer, model, path):
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        model_field = (
            resolve(model, field.source_attrs) if model is not None and field.source != "*" else None
        )
        if isinstance(field, serializers.Serializer):
            related = getattr(model_field, "related_model", None)
            yield from _columns(field, related, (*path, name))
            continue
        kind, convert = arrow_type(field, model_field)
        yield Column(".".join((*path, name)), (*path, name), kind, convert)


def schema(columns) -> pa.Schema:
    return pa.schema([pa.field(column.name, column.type) for column in columns])


def cell(row, path):
    for key in path:
        if row is None:
            return None
        row = row.get(key)
    return row


def as_text(value):
    """A served datetime, decimal or date as its text (the fast path leaves UTC datetimes typed)."""
    if value is None or value.__class__ is str:
        return value
    return format_datetime(value) if hasattr(value, "tzinfo") else str(value)


def json_text(value):
    return None if value is None else orjson.dumps(value, default=force_str).decode()


def texts(values) -> pa.Array:
    """``values`` as a text array: as they are when every one is text (on PostgreSQL, the fast path's)."""
    try:
        return pa.array(values, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([as_text(value) for value in values], pa.string())


def record_batch(rows, columns, arrow_schema) -> pa.RecordBatch:
    arrays = []
    for column in columns:
        if len(column.path) == 1:
            values = list(map(itemgetter(column.name), rows))
        else:
            values = [cell(row, column.path) for row in rows]
        if column.convert == "cast":
            array = texts(values).cast(column.type)
        elif column.convert == "json":
            array = pa.array([json_text(value) for value in values], pa.string())
        elif column.type == pa.string():
            array = texts(values)
        else:
            array = pa.array(values, column.type)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=arrow_schema)


class Sink:
    """A write-only file whose bytes are taken out as they are written (:meth:`drain`)."""

    closed = False

    def __init__(self):
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def parquet_file(chunks, serializer_class) -> Any:
    """The Parquet file of ``chunks`` (lists of served rows), piece by piece: a row group per chunk."""
    columns = parquet_columns(serializer_class)
    arrow_schema = schema(columns)
    sink = Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), arrow_schema)
    for rows in chunks:
        writer.write_batch(record_batch(rows, columns, arrow_schema))
        yield sink.drain()
    writer.close()
    yield sink.drain()
