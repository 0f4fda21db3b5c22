"""A walk's statements prepared on each PostgreSQL session that runs them: parsed and planned once.

A walk's later pages run one statement, each page with its own key (:mod:`api.pages.statements`).
Sent as text, PostgreSQL parses, analyzes and plans it again on every page: about half of a
later 1-row page's database time (docs/performance.md). On PostgreSQL a session that runs a
statement for the first time prepares it (``PREPARE``), its filters, channels and horizon written
in as literals (they are the walk's, the same on every page) and only the key as parameters, in
the same round trip as its first ``EXECUTE``; every later page sends ``EXECUTE name(key)``.
A session that prepares sets ``plan_cache_mode = force_generic_plan`` in its first such round trip,
so that each statement is planned once, for any key: left to choose (``auto``), PostgreSQL kept
planning a 1000-row page of districts by name for each key (its estimate for that key undercut the
generic plan's), 0.2 ms of every page, to choose the same index scan. A generic plan still knows
the walk's filters (they are literals); only the key is unknown, and a keyset's next rows are read
from its sort's index whatever the key. Page mode's count statement (api/pages/counts.py) is
prepared the same way, its cached marker the one parameter.

A session holds at most :data:`MAX_PREPARED` of them; the oldest is deallocated in the round trip
that prepares the next. A session on which a prepared statement's round trip failed may hold
other than what this process believes, so its statements go as text from then on, until Django
replaces the connection; where the failure was the session not holding what it was believed to
(reset behind the process's back: a pooler in transaction mode not declared as such), the page's
statement is sent again as text at once. Under PgBouncer's transaction pooling
(``DATABASE_POOLING=transaction``) the next transaction may run in another session: nothing is
prepared there.
"""

import uuid
import weakref
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError
from psycopg2.extensions import AsIs

# Statements one session keeps prepared (each holds its plan in the server's memory).
MAX_PREPARED = 64
# Sent before a session's first statement: plan each statement once (above). A transaction rolled
# back undoes it but not the statements, which PostgreSQL then plans as it chooses: slower, never wrong.
GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"
# What PostgreSQL answers when a session does not hold a statement it was believed to, or holds
# one it was not: invalid_sql_statement_name, duplicate_prepared_statement.
NOT_AS_BELIEVED = {"26000", "42P05"}

NEW = object()  # a session not seen yet
# A psycopg2 connection's prepared statement names, oldest first; None: not trusted.
_sessions: "weakref.WeakKeyDictionary[object, OrderedDict | None]" = weakref.WeakKeyDictionary()


def statement_name() -> str:
    """A name no other statement has, in any process: where a session were shared after all (a pooler
    not declared), another process's statement of the same name would serve another walk's rows."""
    return f"walk_{uuid.uuid4().hex}"


def prepares(connection) -> bool:
    """Whether statements are prepared on ``connection``'s sessions."""
    return connection.vendor == "postgresql" and settings.DATABASE_POOLING != "transaction"


def parameters(count: int) -> list:
    """Values psycopg2 writes as ``$1``, ``$2``...: where a statement's definition keeps its
    parameters, the rest of its values written in (``cursor.mogrify``)."""
    return [AsIs(f"${number}") for number in range(1, count + 1)]


def execute(connection, cursor, name: str, definition, key: list) -> bool:
    """Run statement ``name`` for ``key`` on ``cursor``, preparing it on the session of ``connection``
    (Django's) as ``definition(cursor)`` (its SQL, ``$1``... for the key) if that session has not got
    it yet; ``False``, with nothing run, where the session is not trusted with prepared statements."""
    session = connection.connection
    prepared = _sessions.get(session, NEW)
    if prepared is None:
        return False
    steps = []
    if prepared is NEW:
        prepared = _sessions[session] = OrderedDict()
        steps.append(GENERIC_PLANS)
    run = f"EXECUTE {name}({', '.join(['%s'] * len(key))})"
    evicted = []
    if name in prepared:
        prepared.move_to_end(name)
    else:
        evicted = list(prepared)[: max(0, len(prepared) - MAX_PREPARED + 1)]
        steps += [*(f"DEALLOCATE {old}" for old in evicted), f"PREPARE {name} AS {definition(cursor)}"]
        # One round trip: the steps, then the execution, whose rows are the cursor's.
        run = "; ".join(step.replace("%", "%%") for step in steps) + "; " + run
    try:
        cursor.execute(run, key)
    except BaseException as error:
        _sessions[session] = None
        # Outside a transaction the session is usable again at once; inside one it is aborted.
        if not_as_believed(error) and not connection.in_atomic_block:
            return False
        raise
    for old in evicted:
        del prepared[old]
    prepared[name] = None
    return True


def not_as_believed(error: BaseException) -> bool:
    """Whether ``error`` says the session's prepared statements are not what this process believed."""
    return isinstance(error, DatabaseError) and getattr(error.__cause__, "pgcode", None) in NOT_AS_BELIEVED
