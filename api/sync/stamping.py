"""Change times stamped by the database, on every write path, and the marker that publishes them.

An incremental client pages by each record's change time (``modified_date``, or a log's
``deleted_date``, ``date_created``, ``timestamp``). ``auto_now`` stamps it in Python, before
the write, from the app server's clock, and only on ``Model.save()``: ``QuerySet.update()``,
``bulk_update``, raw SQL and ``bulk_create`` with a chosen value leave it as it was. On
PostgreSQL a ``BEFORE INSERT OR UPDATE`` row trigger therefore sets the change time of every
served table from the database clock, whichever path wrote the row. It is installed
idempotently after every ``migrate`` (and test-database flush), so no app needs a migration.

Before a transaction's first stamp the trigger publishes a stamp marker, which the visibility
horizon of :mod:`api.sync.horizon` reads: it takes ``t := clock_timestamp()``, then a shared
transaction-level advisory lock ``(MARKER_CLASSID, whole seconds from MARKER_EPOCH to t)``, then
sets a transaction-local setting so that later stamps skip it. ``pg_locks`` shows every
session's locks to every role (``pg_stat_activity`` hides other roles' ``xact_start`` from a
role without ``pg_read_all_stats``), so the API needs no privilege beyond its tables. Shared
advisory locks never wait for each other, and nothing takes this one exclusively. The order
is what makes the horizon exact: marker <= ``t`` < the lock's acquisition < every stamp of the
transaction (each ``clock_timestamp()`` after it), and the lock is released only after the
commit is visible. A reader that sees the lock holds back every row of the transaction; one
that does not read ``pg_locks`` before the acquisition, so after its own statement began and
before every stamp. A rolled-back savepoint releases a lock it took and reverts the setting
with it, so the next stamp publishes a new marker; a lock taken before the savepoint stays,
and so does the setting.

``MARKER_CLASSID`` is ``0x414B494E``, "AKIN" in ASCII: an application that takes advisory
locks with that first key on the same database makes them look like markers. That only holds
rows back (the horizon is never later than the reading statement's start), never loses one.

Fixtures (``loaddata``), ``generate_data`` and tests that need a given history write inside
:func:`chosen_timestamps`: a transaction-local setting the trigger reads, so their stamps stay
as given (and publish no marker: a chosen stamp says when the row changed, not when it was
written). SQLite has no trigger: there ``auto_now`` on ``save()`` is all there is.

The functions carry a version tag (a digest of their source), which :func:`triggers_current`
compares in one catalog query: the code of an older release, or a table served since the last
``migrate``, is reported by ``/readyz`` and by ``manage.py check --database default``.
"""

import contextlib
import functools
import hashlib

from django.apps import apps
from django.core import checks
from django.db import connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from api.models import TimeStampedModel

TRIGGER = "api_stamp_change_time"
# Transaction-local (set_config(..., true)): they end with the transaction that set them.
KEEP_SETTING = "akinon.keep_timestamps"
MARKER_SETTING = "akinon.stamp_marker"
MARKER_CLASSID = 0x414B494E  # "AKIN"
# Whole seconds from here fit the lock's signed 32-bit second key until 2068.
MARKER_EPOCH = "2000-01-01 00:00:00+00"

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
-- {version}
DECLARE
    marked timestamptz;
BEGIN
    IF current_setting('{keep}', true) = 'on' THEN
        RETURN NEW;
    END IF;
    -- The marker before the first stamp, read by the horizon: see api/sync/stamping.py.
    IF current_setting('{marker}', true) IS DISTINCT FROM 'on' THEN
        marked := clock_timestamp();
        PERFORM pg_advisory_xact_lock_shared(
            {classid}, floor(extract(epoch FROM marked - TIMESTAMPTZ '{epoch}'))::integer
        );
        PERFORM set_config('{marker}', 'on', true);
    END IF;
    NEW.{column} := clock_timestamp();
    RETURN NEW;
END
$$
"""
# Whatever the function's source is made of, in the tag inside it (read by triggers_current()).
SOURCE = repr((FUNCTION_SQL, KEEP_SETTING, MARKER_SETTING, MARKER_CLASSID, MARKER_EPOCH))
# Tagged with the module's path before api/ had packages: installed triggers carry the tag, and
# another one would report every one of them outdated until the next migrate.
VERSION = "api.stamping " + hashlib.sha256(SOURCE.encode()).hexdigest()[:16]
TRIGGER_SQL = """
DROP TRIGGER IF EXISTS {trigger} ON {table};
CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}()
"""
CURRENT_TRIGGERS_SQL = """
SELECT count(*) FROM pg_trigger
JOIN pg_class ON pg_class.oid = pg_trigger.tgrelid
JOIN pg_proc ON pg_proc.oid = pg_trigger.tgfoid
WHERE tgname = %s AND relname = ANY(%s) AND pg_table_is_visible(pg_class.oid) AND strpos(prosrc, %s) > 0
"""


def served_change_times() -> dict[type, str]:
    """Each model whose change time an incremental client reads, with that field's name.

    Every ``TimeStampedModel`` (``modified_date``), and every list endpoint's own change
    time (its filterset's ``modified_date_field``) where it is a column of its model.
    """
    found = {
        model: "modified_date"
        for model in apps.get_models()
        if issubclass(model, TimeStampedModel) and model._meta.managed and not model._meta.proxy
    }
    for viewset in list_viewsets(get_resolver().url_patterns):
        filterset = getattr(viewset, "filterset_class", None)
        model = getattr(getattr(filterset, "_meta", None), "model", None)
        if model is not None and "__" not in filterset.modified_date_field:
            found.setdefault(model, filterset.modified_date_field)
    return found


def list_viewsets(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from list_viewsets(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "cls", None):
            yield pattern.callback.cls


@functools.cache
def stamped_columns() -> dict[str, str]:
    """Each stamped table with its change time's column.

    Multi-table inheritance: the column lives in the table of the model that declares it.
    """
    fields = [model._meta.get_field(name) for model, name in served_change_times().items()]
    return {field.model._meta.db_table: field.column for field in fields}


def install_triggers(using="default", **kwargs):
    """(Re)install the stamping trigger on every served table (a ``post_migrate`` receiver)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    statements = [
        FUNCTION_SQL.format(
            function=f"api_stamp_{column}",
            version=VERSION,
            keep=KEEP_SETTING,
            marker=MARKER_SETTING,
            classid=MARKER_CLASSID,
            epoch=MARKER_EPOCH,
            column=quote(column),
        )
        for column in sorted(set(stamped_columns().values()))
    ]
    statements += [
        TRIGGER_SQL.format(trigger=TRIGGER, table=quote(table), function=f"api_stamp_{column}")
        for table, column in stamped_columns().items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(";".join(statements))


def triggers_current(using="default") -> bool:
    """Whether every stamped table has this release's trigger (always so on SQLite: there is none)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return True
    tables = list(stamped_columns())
    with connection.cursor() as cursor:
        cursor.execute(CURRENT_TRIGGERS_SQL, [TRIGGER, tables, VERSION])
        return cursor.fetchone()[0] == len(tables)


OUTDATED = "stamping triggers are outdated: run manage.py migrate"


def check_triggers(databases=None, **kwargs):
    """System check (database tag): outdated triggers would let late commits pass a watermark."""
    return [
        checks.Warning(
            f"The {alias!r} database's {OUTDATED}.",
            hint="Without this release's triggers incremental clients can miss rows committed late; "
            "migrate reinstalls them.",
            id="api.W001",
        )
        for alias in databases or []
        if not triggers_current(alias)
    ]


@contextlib.contextmanager
def chosen_timestamps(using="default"):
    """Writes in this block keep the change times they set (fixtures, volume data, test history)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        keep_timestamps(connection, True)
        yield
        # On an error the rollback to the block's savepoint undoes the setting.
        keep_timestamps(connection, False)


def keep_timestamps(connection, keep: bool):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [KEEP_SETTING, "on" if keep else "off"])


def keep_fixture_timestamps(sender, raw, using, **kwargs):
    """``pre_save`` of ``loaddata``: the fixture row keeps the stamps it is given."""
    if raw and connections[using].vendor == "postgresql":
        keep_timestamps(connections[using], True)


def stamp_after_fixture(sender, raw, using, **kwargs):
    """``post_save`` of ``loaddata``: later writes in the same transaction are stamped again."""
    if raw and connections[using].vendor == "postgresql":
        keep_timestamps(connections[using], False)
