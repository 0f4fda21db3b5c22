"""Whole-table exports: every row a list's filters match, in one streamed response (NDJSON or Parquet).

``?format=ndjson`` (or ``Accept: application/x-ndjson``) streams the rows a JSON
page's ``results`` would hold, one object per line, byte for byte; ``?format=parquet``
streams one Parquet file (:mod:`api.export.parquet`). Filters, ``sort``, ``include`` and
channel grants apply as on a page; ``limit`` is the most rows to return, and the
pagination parameters are refused (an export has no pages).

An export is one pinned set of rows, like a walk (:mod:`api.pages.pagination`): the
visibility horizon is read once, at the start, and every row is read from the
database in chunks of ``API_EXPORT_CHUNK_ROWS``, so that memory stays flat whatever
the row count. On PostgreSQL the chunks come from one server-side cursor, inside a
read-only transaction so that PostgreSQL runs the query as it is fetched (a cursor
declared outside one is held past its commit, which makes PostgreSQL compute the
whole result first). Where server-side cursors are disabled (PgBouncer in
transaction-pooling mode) a client-side cursor would fetch every row into memory,
so each chunk is its own keyset query after the previous chunk's last row, under
the same horizon.

With replicas, an export reads on one that has replayed its horizon's position. A standby may
cancel a long read to replay WAL ("canceling statement due to conflict with recovery"), or end
the session of a cursor idle in its transaction while the client drains (SQLSTATE 40001), go
away, or be promoted: the export then continues after the last row it sent, on another caught-up
replica or the primary, under the same horizon (its pinned set only shrinks: a keyset continuation
after the last sort key is exact), and the client receives one whole stream. An export the
replicas should have served takes one of ``API_PRIMARY_FALLBACK_EXPORTS`` slots on the primary
until its stream ends, or is answered 503 with ``Retry-After``.

A connection that drops mid-export resumes by keyset: the response's
``Link: <…resume=…>; rel="resume"`` carries a token pinning the horizon, the sort
and the export's path and filters, and ``X-Export-Sort`` names the row fields of
the sort keys. The client requests that link with ``after=`` the JSON array of the
last row it received's values of those fields, and gets the rest of the same set.
"""

import contextlib
import hashlib
import logging
from itertools import islice

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import StreamingHttpResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.exceptions import DATABASE_ERRORS
from api.export import heartbeat
from api.ops.concurrency import acquire, release
from api.ops.metrics import record_rows
from api.ops.replica import PrimaryBusy, database_at, database_name, lose, reading_from
from api.optional_fields import INCLUDE, optional_fields
from api.pages.cursor import encode_cursor, key_values, sort_names, token_horizon, token_payload
from api.pages.fastpath import resolve, row_plan
from api.pages.keyset import CURSOR
from api.pages.page_mode import PAGE, SEEK
from api.pages.pagination import PAGE_SIZE_PARAMS
from api.pages.renderers import export_name
from api.pages.sort_keys import after, seek_ordering
from api.sync.horizon import before_horizon, read_horizon

# The logger keeps the name it had before api/ had packages: log filters select on it.
logger = logging.getLogger("api.exports")

AFTER = "after"
RESUME = "resume"
LIMIT = "limit"
SORT = "sort"
EXPORT_PARAMS = (AFTER, RESUME)
# Parameters that do not change which rows an export holds: left out of its resume token's scope.
UNSCOPED = (AFTER, RESUME, LIMIT, "format")
# The most rows ``limit`` may ask for: a 32-bit whole number, as an id is.
MAX_LIMIT = 2**31 - 1
FALLBACK_EXPORTS = "exports:primary-fallback"


def is_export(request) -> bool:
    """Whether the request asked for an export format (content negotiation has run)."""
    return getattr(getattr(request, "accepted_renderer", None), "streams", False)


def export_response(view, request) -> StreamingHttpResponse:
    """The streamed export of ``view``'s list for ``request`` (validated up front: a bad one is a 400)."""
    params = request.query_params
    refuse_pagination(params)
    limit = export_limit(params)
    queryset = view.filter_queryset(view.get_queryset())
    serializer_class = view.get_serializer_class()
    ordering = export_ordering(queryset)
    keys = row_keys(serializer_class, queryset.model, ordering)
    scope = export_scope(request)
    horizon, position = resume_position(params, ordering, queryset.model, scope)
    if horizon is None:
        horizon = read_horizon()
    field = getattr(getattr(view, "filterset_class", None), "modified_date_field", None)
    queryset = before_horizon(queryset, field, horizon)
    if position is not None:
        queryset = queryset.filter(after(ordering, position))
    choice = database_at(horizon.position)
    if choice.is_fallback and not acquire(FALLBACK_EXPORTS, settings.API_PRIMARY_FALLBACK_EXPORTS):
        raise PrimaryBusy()
    chunks = surviving_chunks(
        view, queryset, serializer_class, ordering, limit, horizon.position, choice.alias
    )
    # The first chunk is read before the response starts, so that a failing query is still a
    # status code (503 when the database is gone); later failures can only break the stream.
    first = next(chunks, None)
    chunks = heartbeat.beating(chunks if first is None else prepend(first, chunks))
    renderer = request.accepted_renderer
    content = renderer.stream(chunks, serializer_class)
    if choice.is_fallback:
        content = HoldingSlot(content)
    response = StreamingHttpResponse(content, content_type=renderer.media_type)
    token = encode_cursor(ordering, [], horizon, q=scope)
    resume = replace_query_param(remove_query_param(request.build_absolute_uri(), AFTER), RESUME, token)
    response["Link"] = f'<{resume}>; rel="resume"'
    response["X-Export-Sort"] = ",".join(keys)
    response["Content-Disposition"] = f'attachment; filename="{export_name(request)}.{renderer.format}"'
    return response


class HoldingSlot:
    """A fallback export's stream: closing it (ended, or dropped) closes its cursor and frees its slot."""

    def __init__(self, content):
        self.content = content

    def __iter__(self):
        return iter(self.content)

    def close(self):
        try:
            self.content.close()
        finally:
            release(FALLBACK_EXPORTS)


def prepend(first, rest):
    """``first``, then the rest of an iterator it was taken from."""
    yield first
    yield from rest


def refuse_pagination(params):
    """An export has no pages: a page parameter would silently mean nothing."""
    paging = (PAGE, *(name for name in PAGE_SIZE_PARAMS if name != LIMIT), CURSOR, SEEK)
    message = "An export returns every row in one response: leave out {} (limit=N returns at most N rows)."
    errors = {name: [message.format(name)] for name in paging if name in params}
    if errors:
        raise ValidationError(errors)


def export_limit(params) -> int | None:
    """``limit`` on an export: at most this many rows (a sample), a whole number from 1 to 2³¹-1."""
    if LIMIT not in params:
        return None
    raw = params[LIMIT]
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationError(
            {
                LIMIT: [
                    f"On an export, limit is the most rows to return: a whole number from 1 to {MAX_LIMIT}."
                ]
            }
        )
    return int(raw)


def export_ordering(queryset):
    """The export's sort as ``[(column, descending)]``; a sort on a nullable key cannot be resumed."""
    ordering = seek_ordering(queryset)
    if ordering is None:
        sort = ",".join(queryset.query.order_by)
        reason = f"An export resumes from its sort keys, and {sort} may be null"
        raise ValidationError({SORT: [f"{reason}: sort by id or modified_date."]})
    return ordering


def row_keys(serializer_class, model, ordering) -> list[str]:
    """The row fields that hold each sort key's value, as the client reads them for ``after``.

    A key the rows do not hold (``sort=modified_date`` where the documented record has no
    change time) would leave a dropped export nothing to resume from: refused, saying how.
    """
    served = {}
    for name, field in serializer_class().fields.items():
        if field.write_only or isinstance(field, serializers.BaseSerializer) or len(field.source_attrs) != 1:
            continue
        model_field = resolve(model, field.source_attrs)
        if model_field is None or not model_field.concrete or model_field.many_to_many:
            continue
        if isinstance(field, serializers.DecimalField) and field.decimal_places != model_field.decimal_places:
            continue  # served rounded: not the key the database compares
        served.setdefault(model_field.attname, name)
    missing = [name for name, _ in ordering if name not in served]
    if missing:
        offered = [name for name in optional_fields(serializer_class) if name in missing]
        cure = f"add {INCLUDE}={','.join(offered)}" if offered else "sort by fields the rows hold"
        reason = f"An export resumes from the last row's sort keys, and rows do not hold {', '.join(missing)}"
        raise ValidationError({SORT: [f"{reason}: {cure}, or sort by id."]})
    return [served[name] for name, _ in ordering]


def export_scope(request) -> str:
    """A digest of the export's path and the parameters that choose its rows, for its resume token."""
    params = sorted((k, v) for k, v in request.query_params.items() if k not in UNSCOPED)
    return hashlib.sha256(orjson.dumps([request.path, params])).hexdigest()[:16]


def resume_position(params, ordering, model, scope):
    """(horizon, sort key to continue after) from ``resume`` and ``after``; ``(None, None)`` if fresh."""
    if RESUME not in params:
        if AFTER in params:
            raise ValidationError({AFTER: ["after resumes an export: request the resume link with it."]})
        return None, None
    token = params[RESUME]
    try:
        payload = token_payload(token)
        horizon = token_horizon(token)
    except ValueError:
        horizon = False
    if not horizon:
        raise ValidationError({RESUME: ["Invalid resume token: use the export's Link rel=resume as given."]})
    if payload["o"] != sort_names(ordering) or payload.get("q") != scope:
        raise ValidationError(
            {RESUME: ["This resume token was issued for another export (path, filters or sort)."]}
        )
    if AFTER not in params:
        return horizon, None  # the same pinned set from its start
    try:
        return horizon, key_values(ordering, orjson.loads(params[AFTER]), model)
    except ValueError:
        raise ValidationError(
            {AFTER: ["Give the last row's values of the X-Export-Sort fields, as a JSON array."]}
        ) from None


def surviving_chunks(view, queryset, serializer_class, ordering, limit, position, alias):
    """The export's chunks from ``alias``; a replica lost mid-export, the rest from another database.

    The rest is the same pinned set after the last row sent (by keyset), on a database chosen
    for the same position, never one that already failed this export.
    """
    last, sent, failed = None, 0, ()
    while True:
        rest = queryset if last is None else queryset.filter(after(ordering, last))
        remaining = None if limit is None else limit - sent
        steps = row_chunks(view, rest.using(alias), serializer_class, ordering, remaining)
        try:
            for key, count, chunk in reading_from(alias, steps):
                last, sent = key, sent + count
                record_rows(database_name(alias), count)
                yield chunk
            return
        except DATABASE_ERRORS as error:
            if alias == DEFAULT_DB_ALIAS:
                raise
            lose(alias, error)
            failed = (*failed, alias)
            alias = database_at(position, failed).alias
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            where = "the primary" if alias == DEFAULT_DB_ALIAS else alias
            logger.warning(
                "Export lost replica %s after %d rows (%s); continuing on %s", failed[-1], sent, reason, where
            )


def row_chunks(view, queryset, serializer_class, ordering, limit):
    """The export's rows a chunk at a time: (the last row's sort key, how many rows, their served dicts).

    The fast path's row plan where the endpoint has one; otherwise the serializer, each chunk's
    related rows prefetched (Django prefetches per chunk of an ``iterator``).
    """
    names = [name for name, _ in ordering]
    plan = row_plan(serializer_class) if settings.API_FAST_PATH else None
    if plan is not None:
        fetched, key, build = plan.select(queryset, names), plan.key_getter(names), plan.rows
    else:
        fetched, key = queryset, lambda row: view.keyset_key(row, names)
        context = view.get_serializer_context()
        build = lambda rows: serializer_class(rows, many=True, context=context).data  # noqa: E731
    for rows in fetch_chunks(fetched, ordering, key, limit):
        yield key(rows[-1]), len(rows), build(rows)


def fetch_chunks(queryset, ordering, key, limit):
    """``queryset``'s rows (at most ``limit``) in lists of ``API_EXPORT_CHUNK_ROWS``."""
    size = settings.API_EXPORT_CHUNK_ROWS
    connection = connections[queryset.db]
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        yield from keyset_chunks(queryset, ordering, key, limit, size)
        return
    rows = queryset if limit is None else queryset[:limit]
    # Inside a transaction PostgreSQL's cursor is not WITH HOLD: the query runs as it is read.
    atomic = transaction.atomic(using=queryset.db) if connection.vendor == "postgresql" else None
    # The cursor is closed before its transaction ends, also when the stream is dropped.
    with atomic or contextlib.nullcontext(), contextlib.closing(rows.iterator(chunk_size=size)) as rows:
        while chunk := list(islice(rows, size)):
            yield chunk


def keyset_chunks(queryset, ordering, key, limit, size):
    """Chunks as keyset queries, each after the previous chunk's last row (no server-side cursor)."""
    last, remaining = None, limit
    while remaining is None or remaining > 0:
        wanted = size if remaining is None else min(size, remaining)
        rows = list((queryset if last is None else queryset.filter(after(ordering, last)))[:wanted])
        if rows:
            yield rows
        if len(rows) < wanted:
            return
        last = key(rows[-1])
        remaining = None if remaining is None else remaining - len(rows)
