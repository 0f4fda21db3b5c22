"""Change times stamped by the database, on every write path.

An incremental client pages by each record's change time (``modified_date``, or a log's
``deleted_date``, ``date_created``, ``timestamp``). ``auto_now`` stamps it in Python, before
the write, from the app server's clock, and only on ``Model.save()``: ``QuerySet.update()``,
``bulk_update``, raw SQL and ``bulk_create`` with a chosen value leave it as it was. On
PostgreSQL a ``BEFORE INSERT OR UPDATE`` row trigger therefore sets the change time of every
served table from the database clock, whichever path wrote the row. It is installed
idempotently after every ``migrate`` (and test-database flush), so no app needs a migration.

The stamp is ``clock_timestamp()`` taken after the transaction has an id
(``pg_current_xact_id()``): a writer is visible in ``pg_stat_activity.backend_xid`` before any
of its stamps exists, which is what makes the visibility horizon of :mod:`api.horizon` exact
(``now()`` would be the transaction's start, stamped before that start is published).

Fixtures (``loaddata``), ``generate_data`` and tests that need a given history write inside
:func:`chosen_timestamps`: a transaction-local setting the trigger reads, so their stamps stay
as given. SQLite has no trigger: there ``auto_now`` on ``save()`` is all there is.
"""

import contextlib

from django.apps import apps
from django.db import connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from api.models import TimeStampedModel

TRIGGER = "api_stamp_change_time"
# Transaction-local (set_config(..., true)): it ends with the transaction that set it.
KEEP_SETTING = "akinon.keep_timestamps"

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{setting}', true) = 'on' THEN
        RETURN NEW;
    END IF;
    -- The transaction id first, then the clock: see api/stamping.py.
    PERFORM pg_current_xact_id();
    NEW.{column} := clock_timestamp();
    RETURN NEW;
END
$$
"""
TRIGGER_SQL = """
DROP TRIGGER IF EXISTS {trigger} ON {table};
CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}()
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


def install_triggers(using="default", **kwargs):
    """(Re)install the stamping trigger on every served table (a ``post_migrate`` receiver)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    statements, functions = [], set()
    for model, name in served_change_times().items():
        field = model._meta.get_field(name)
        # Multi-table inheritance: the column lives in the table of the model that declares it.
        table = quote(field.model._meta.db_table)
        function = f"api_stamp_{field.column}"
        if function not in functions:
            functions.add(function)
            statements.append(
                FUNCTION_SQL.format(function=function, setting=KEEP_SETTING, column=quote(field.column))
            )
        statements.append(TRIGGER_SQL.format(trigger=TRIGGER, table=table, function=function))
    with connection.cursor() as cursor:
        cursor.execute(";".join(statements))


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
