"""Every order an endpoint serves is read from an index, never sorted per page (EXPLAIN)."""

import pytest
from django.db import connection

from tests.contract.endpoints import ENDPOINTS
from tests.contract.sort_plans import ordered_queryset, plan, served_orders, sorts_rows

# Orders no index can serve, each on a table that stays small (rows written by admin edits):
# a version's change time is its revision's, in another table; SQLite answers the audit log's
# "this channel or none" with a multi-index OR, whose rows it then sorts (PostgreSQL does not).
SORTED = {
    "dw:reversions/versions": {"modified_date", "-modified_date"},
    "dw:audit-events": (
        set()
        if connection.vendor == "postgresql"
        else {"default", "id", "-id", "modified_date", "-modified_date"}
    ),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_served_order_is_read_from_an_index(endpoint, db):
    sorted_orders = {}
    for sort in served_orders(endpoint):
        text = plan(ordered_queryset(endpoint, sort, channel_id=1), prefer_indexes=True)
        if sorts_rows(text):
            sorted_orders[sort or "default"] = text
    assert set(sorted_orders) == SORTED.get(str(endpoint), set()), sorted_orders
