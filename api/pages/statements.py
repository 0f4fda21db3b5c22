"""A cursor walk's rows statement, compiled once per walk in each worker process.

A walk's later pages differ only in the sort key each starts after: the filters, the channels,
the horizon, the columns, the sort and the page size are its first page's (they are in the
request, or pinned by the cursor). Building and compiling that query through the ORM was about
two fifths of a 1-row page's time. So a later page whose walk has no statement in this process
yet builds the query as any page does, with the keyset condition compiled as a marker
(:class:`api.pages.sort_keys.After`); the statement keeps the SQL around it and its parameters, and
every page of the walk, that one included, writes the condition for its own key into it
(:func:`api.pages.sort_keys.condition_sql` and ``condition_params``, the same functions the ORM's
compile uses) and runs it on the database the page reads from, converting columns as the ORM
would. A statement is found by everything its query was built from: the view's shape (its class, its
path's arguments, its parameters but the cursor, what scopes its rows), the page size and the
horizon the cursor pins (``Pagination._walk_key``). On PostgreSQL each session that runs a
statement prepares it, so that the database parses and plans it once too (:mod:`api.pages.prepared`).
"""

import dataclasses
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db import connections, router

from api.pages import prepared
from api.pages.sort_keys import After, condition_params, condition_sql

# Statements a process keeps: walks in progress at once, each reading pages on this worker.
MAX_STATEMENTS = 256
PLACEHOLDER = re.compile(r"%[%s]")


def placeholders(sql: str) -> int:
    """The parameters ``sql`` takes (``%s``; ``%%`` is a literal percent sign)."""
    return sum(1 for match in PLACEHOLDER.finditer(sql) if match.group() == "%s")


class Marker:
    """Where a statement's keyset condition goes: :class:`After` compiles to ``TEXT`` and leaves
    here the columns, fields and directions it would have compared."""

    TEXT = "__walk_keyset_condition__"

    def found(self, columns, fields, directions, inclusive):
        self.columns, self.fields, self.directions, self.inclusive = columns, fields, directions, inclusive


@dataclass(frozen=True)
class Statement:
    """A walk's rows query with its keyset condition open for each page's key."""

    model: Any
    ordering: list
    head: str  # the SQL before the keyset condition
    condition: str
    tail: str  # and after it
    params: list
    split: int  # the parameters before the condition's
    fields: list
    directions: list
    compiler: Any  # converts the columns' values as the ORM's own fetch does
    converters: dict
    width: int | None  # the selected columns, where the SQL selects more (else None)
    counting: Any = None  # a page-mode walk's count (api/pages/counts.py CountQuery)
    name: str = dataclasses.field(default_factory=prepared.statement_name)  # where it is prepared
    # Its pages' links around their position, by kind, scheme, host and path (api/pages/links.py).
    links: dict = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def compile(cls, queryset, ordering, limit: int) -> "Statement":
        """The statement of ``queryset``'s first ``limit`` rows after a key in ``ordering``."""
        marker = Marker()
        query = queryset.filter(After(ordering, None, marker=marker))[:limit].query
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        head, tail = sql.split(Marker.TEXT)
        assert placeholders(head) + placeholders(tail) == len(params), sql
        return cls(
            model=queryset.model,
            ordering=ordering,
            head=head,
            condition=condition_sql(marker.columns, marker.directions, marker.inclusive),
            tail=tail,
            params=list(params),
            split=placeholders(head),
            fields=marker.fields,
            directions=marker.directions,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]]),
            width=compiler.col_count if compiler.has_extra_select else None,
        )

    def rows(self, values) -> list[tuple]:
        """The rows after the key ``values``, read where the current reporting read reads."""
        connection = connections[router.db_for_read(self.model)]
        key = condition_params(self.fields, values, self.directions, connection)
        with connection.cursor() as cursor:
            if not (
                prepared.prepares(connection)
                and prepared.execute(connection, cursor, self.name, self.definition, key)
            ):
                sql = self.head + self.condition + self.tail
                cursor.execute(sql, [*self.params[: self.split], *key, *self.params[self.split :]])
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = [tuple(row) for row in self.compiler.apply_converters(rows, self.converters)]
        return rows

    def definition(self, cursor) -> str:
        """The statement as PostgreSQL prepares it: the walk's parameters written in (as psycopg2 quotes
        them), the key's as ``$1``, ``$2``..."""
        key = prepared.parameters(placeholders(self.condition))
        sql = self.head + self.condition + self.tail
        return cursor.mogrify(sql, [*self.params[: self.split], *key, *self.params[self.split :]]).decode()


class Statements:
    """The statements of the walks this process served last (least recently used go first)."""

    def __init__(self, size=MAX_STATEMENTS):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key) -> Statement | None:
        with self.lock:
            statement = self.entries.get(key)
            if statement is not None:
                self.entries.move_to_end(key)
            return statement

    def put(self, key, statement: Statement):
        with self.lock:
            self.entries[key] = statement
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)


statements = Statements()
