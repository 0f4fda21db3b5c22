"""Facet counts (api/admin/facets.py): Django's, each counted up to a cap, all in one query."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.test.utils import CaptureQueriesContext

import api.admin.facets
from datawarehouse.accounts.models import User
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dw_accounts/user/"
FILTERS = 5  # channel, user type, active, anonymized, gender


@pytest.fixture
def customers():
    channels = ChannelFactory.create_batch(2)
    CustomerFactory.create_batch(3, channel=channels[0], gender=User.Gender.MALE)
    CustomerFactory.create_batch(2, channel=channels[1], is_active=False)
    CustomerFactory(channel=channels[1], user_type=User.UserType.GUEST, is_anonymized=True)


def sidebar(admin_client, **params) -> tuple[str, int]:
    """The filters' sidebar as the page shows it, and how many queries counted facets."""
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"_facets": "True", **params})
    assert response.status_code == 200
    html = response.content.decode()
    # Django's count a filter's choices in one aggregate; ours count every choice in one query.
    facets = [
        query
        for query in queries
        if "FILTER (WHERE" in query["sql"] or query["sql"].startswith("SELECT (SELECT COUNT(*)")
    ]
    return re.search(r'<nav id="changelist-filter".*?</nav>', html, re.DOTALL).group(), len(facets)


@pytest.fixture
def djangos(monkeypatch):
    """The sidebar Django's own changelist shows (a query per filter)."""

    def shown(admin_client, **params):
        with monkeypatch.context() as patch:
            patch.setattr(admin.site._registry[User], "get_changelist", lambda request, **kwargs: ChangeList)
            return sidebar(admin_client, **params)

    return shown


@pytest.mark.parametrize(
    "params", [{}, {"is_active__exact": "0"}, {"q": "customer"}], ids=["none", "one", "search"]
)
def test_the_counts_are_djangos_in_fewer_queries(admin_client, customers, djangos, params):
    ours, queries = sidebar(admin_client, **params)
    theirs, their_queries = djangos(admin_client, **params)
    assert ours == theirs
    assert re.search(r"Female \([1-9]\)", ours)  # counts are shown, not only the choices
    assert (queries, their_queries) == (1, FILTERS)


def test_a_count_past_the_cap_says_so(admin_client, customers, monkeypatch):
    monkeypatch.setattr(api.admin.facets, "COUNT_LIMIT", 2)
    shown, queries = sidebar(admin_client)
    assert queries == 1
    assert re.search(r"Male \(2\+\)", shown)  # three male customers
    assert re.search(r"Guest \(1\)", shown)  # below it: exact
    shown, _ = sidebar(admin_client, gender__exact=User.Gender.MALE)
    assert re.search(r"Male \(2\+\)", shown)  # a filter in use counts over the rows without it


def test_a_boolean_that_cannot_be_null_counts_no_unknown(admin_client, customers):
    """Django counts a boolean filter's "Unknown" whatever the field; a column that cannot be null has
    none, and counting them read every row."""
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(CHANGELIST, {"_facets": "True"})
    (facets,) = [query["sql"] for query in queries if query["sql"].startswith("SELECT (SELECT COUNT(*)")]
    assert '"is_active" IS NULL' not in facets and '"is_active"' in facets  # its yes and no are counted
