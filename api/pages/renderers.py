"""Response renderers: JSON through orjson, and the CSV and Excel exports the documentation lists.

The documented ``OPTIONS`` output renders ``application/json``, ``text/csv``
and ``application/xls`` (``?format=json|csv|xls`` or the ``Accept`` header).
The two spreadsheet formats share :class:`TableRenderer`: the rows of a
successful GET (a page's ``results`` in page and keyset mode, or one record)
laid out as one header row and one line per record. Anything else (errors,
``OPTIONS``) stays JSON, so a client that asked for a file still reads why it
got none. The whole-table exports, NDJSON and Parquet, are streamed by
:mod:`api.export.streams` through the renderers of :mod:`api.export.renderers`; they are not among the
documented renders.
"""

import csv
import datetime
import io
import re
from functools import cache

import orjson
from django.utils.encoding import force_str
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from api.pages.fastpath import format_datetime


def dump_json(value) -> bytes:
    return orjson.dumps(value, default=force_str, option=orjson.OPT_UTC_Z)


class ORJSONRenderer(BaseRenderer):
    """JSON rendered by orjson: the same bytes as DRF's JSONRenderer, several times faster."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return dump_json(data)


# Tables ---------------------------------------------------------------------------


@cache
def field_tree(serializer_class) -> dict:
    """The serializer's readable fields in declaration order, nested serializers as subtrees."""
    return _tree(serializer_class())


def _tree(serializer) -> dict:
    return {
        name: _tree(field) if isinstance(field, serializers.Serializer) else None
        for name, field in serializer.fields.items()
        if not field.write_only
    }


def columns(tree: dict | None, values: list, path: tuple = ()) -> list[tuple]:
    """The column paths under ``path``, given each row's value there.

    A nested serializer (a subtree) contributes its fields, whether or not a row
    holds the object, so that columns do not depend on the data. A JSON object
    (``None`` in the tree) is flattened by the keys the rows hold, in the order
    first seen; it keeps a column of its own when some row holds a plain value
    there, or when no row holds keys (``{}`` and ``null`` stay readable).
    """
    own = False
    if tree is None:
        objects = [value for value in values if isinstance(value, dict) and value]
        tree = dict.fromkeys(key for value in objects for key in value)
        own = not objects or any(value is not None and not isinstance(value, dict) for value in values)
    found = [path] if own and path else []
    for key, subtree in tree.items():
        below = [value.get(key) if isinstance(value, dict) else None for value in values]
        found += columns(subtree, below, (*path, key))
    return found


def cell_value(row, path: tuple):
    """The row's value at ``path``, as the JSON has it; an object whose keys have columns is left out."""
    value = row
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, dict) and value:
        return None
    if isinstance(value, datetime.datetime):
        # The fast path leaves datetimes for orjson to format (api.pages.fastpath.datetime_cell).
        return format_datetime(value)
    return value


def as_text(value) -> str:
    """A cell's text: strings as they are, null empty, anything else as its JSON (``true``, ``[...]``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return dump_json(value).decode()


class TableRenderer(BaseRenderer):
    """Renders a successful GET as a table; errors and other methods as JSON.

    Columns are the serializer's fields in declaration order; nested records
    and JSON objects become dotted columns (``price_list.pk``,
    ``state.translations.en-us.name``) and lists are JSON text. The page's
    ``next``/``previous`` links and ``count`` travel in the ``Link`` and
    ``X-Total-Count`` headers, so an export is paged exactly as its JSON is.
    """

    extension = ""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response, request, view = context.get("response"), context.get("request"), context.get("view")
        is_table = (
            data is not None
            and response is not None
            and not response.exception
            and response.status_code < 300
            and request is not None
            and request.method in ("GET", "HEAD")
        )
        if not is_table:
            if response is not None:
                response["Content-Type"] = ORJSONRenderer.media_type
            return ORJSONRenderer().render(data)
        rows = self.rows(data, view)
        serializer_class = getattr(view, "get_serializer_class", lambda: None)()
        tree = field_tree(serializer_class) if serializer_class else None
        header = columns(tree, rows)
        name = export_name(request)
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.extension}"'
        self.paging_headers(data, view, response)
        table = [[cell_value(row, path) for path in header] for row in rows]
        return self.write([".".join(path) for path in header], table, title=view.get_view_name())

    @staticmethod
    def rows(data, view) -> list:
        if getattr(view, "action", None) == "list" and isinstance(data, dict) and "results" in data:
            return list(data["results"])
        return data if isinstance(data, list) else [data]

    @staticmethod
    def paging_headers(data, view, response):
        if getattr(view, "action", None) != "list" or not isinstance(data, dict):
            return
        pages = (("next", "next"), ("previous", "prev"))
        links = [f'<{data[key]}>; rel="{rel}"' for key, rel in pages if data.get(key)]
        if links:
            response["Link"] = ", ".join(links)
        if "count" in data:
            response["X-Total-Count"] = str(data["count"])

    def write(self, header: list[str], table: list[list], title: str) -> bytes:
        raise NotImplementedError


def export_name(request) -> str:
    """The download's file name, from the path: ``oms-customers-list-simple``."""
    segments = [segment for segment in request.path.split("/") if segment][2:]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "-".join(segments)) or "export"


class CSVRenderer(TableRenderer):
    """RFC 4180 CSV in UTF-8: every value as its JSON text, strings unquoted, null as an empty cell."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    extension = "csv"

    def write(self, header, table, title):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([as_text(value) for value in line] for line in table)
        return buffer.getvalue().encode(self.charset)


# Excel stores numbers as doubles: integers beyond 15 digits are written as text to stay exact.
EXCEL_EXACT_INTEGER = 10**15


class ExcelRenderer(TableRenderer):
    """An xlsx workbook (what Excel and LibreOffice open), served as the documented ``application/xls``.

    Numbers and booleans are typed cells; strings are always text cells (never
    formulas, whatever they start with), keeping codes, phone numbers, decimal
    places and ISO datetimes exactly as the JSON has them. Characters XML cannot
    hold (control characters) are dropped, and Excel's cell limit cuts a string
    at 32,767 characters.
    """

    media_type = "application/xls"
    format = "xls"
    charset = None
    extension = "xlsx"

    def write(self, header, table, title):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "export")
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([self.cell(sheet, name, font=bold) for name in header])
        for line in table:
            sheet.append([self.cell(sheet, value) for value in line])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def cell(sheet, value, font=None):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= EXCEL_EXACT_INTEGER:
            value = str(value)
        elif not (value is None or isinstance(value, bool | int | float | str)):
            value = as_text(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # openpyxl reads "=..." as a formula and "#N/A" as an error: those are pinned as text.
        pinned = isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES)
        if not pinned and font is None:
            return value
        cell = WriteOnlyCell(sheet, value)
        if pinned:
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        return cell
