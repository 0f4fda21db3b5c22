"""Admin pages at any size (api/admin/paginator.py): every row once and in order, at a fixed cost."""

import warnings

import factory
import pytest
from django.contrib import admin
from django.core.paginator import UnorderedObjectListWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import api.admin.base
from api.templatetags import indexed_date_hierarchy
from geography.models import Country, District
from tests.geography.factories import CountryFactory, DistrictFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/geography/district/"
BY_NAME = "2"  # the changelist's columns: the action checkbox, id, name, ...


@pytest.fixture(autouse=True)
def per_page(monkeypatch):
    monkeypatch.setattr(admin.site._registry[District], "list_per_page", 5)


def page(admin_client, **params) -> list[int]:
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    return [district.pk for district in response.context["cl"].result_list]


@pytest.mark.parametrize(
    "sort, order",
    [({"o": BY_NAME}, ("name", "pk")), ({"o": f"-{BY_NAME}"}, ("-name", "-pk")), ({}, ("-pk",))],
)
def test_the_pages_of_a_list_hold_every_row_once_in_its_order(admin_client, sort, order):
    """Page 1 is skipped from the start; pages 2 and 3, nearer the end, from the end; ties in the sort's
    direction (one index on the column and the id serves both directions)."""
    DistrictFactory.create_batch(6)
    DistrictFactory.create_batch(6, name="TIED")
    pages = [page(admin_client, **sort, p=number) for number in (1, 2, 3)]
    assert [len(rows) for rows in pages] == [5, 5, 2]
    assert [pk for rows in pages for pk in rows] == list(
        District.objects.order_by(*order).values_list("pk", flat=True)
    )


def test_a_page_is_sorted_and_skipped_on_its_table_alone_then_read_with_its_joins(admin_client):
    DistrictFactory.create_batch(20)
    with CaptureQueriesContext(connection) as queries:
        rows = admin_client.get(CHANGELIST, {"o": BY_NAME, "p": 2}).context["cl"].result_list
        assert [row.city.name for row in rows]  # the joined rows came with the page
    paged = [query["sql"] for query in queries if "OFFSET" in query["sql"]]
    assert len(paged) == 1 and "JOIN" not in paged[0]
    assert any("JOIN" in query["sql"] and "geography_district" in query["sql"] for query in queries)


def test_a_deep_page_of_a_long_list_costs_the_queries_of_a_short_one(
    admin_client, django_assert_max_num_queries
):
    DistrictFactory.create_batch(6)
    with CaptureQueriesContext(connection) as short:
        assert len(page(admin_client, o=BY_NAME, p=2)) == 1
    DistrictFactory.create_batch(40)
    with django_assert_max_num_queries(len(short)):
        assert len(page(admin_client, o=BY_NAME, p=9)) == 5


def test_a_search_pages_through_exactly_its_matches(admin_client):
    matches = DistrictFactory.create_batch(12, name=factory.Sequence(lambda n: f"ALPHA {n}"))
    DistrictFactory.create_batch(3)
    pages = [page(admin_client, q="alpha", p=number) for number in (1, 2, 3)]
    assert [pk for rows in pages for pk in rows] == sorted(
        (district.pk for district in matches), reverse=True
    )


def test_the_last_page_of_a_long_list_skips_nothing(admin_client):
    districts = DistrictFactory.create_batch(23)
    with CaptureQueriesContext(connection) as queries:
        assert page(admin_client, p=5) == [district.pk for district in districts[:3]][::-1]
    assert not [query for query in queries if "OFFSET" in query["sql"]]


def test_the_count_is_exact_across_writes_and_counted_once_between_them(admin_client, counted):
    def shown(**params):
        return admin_client.get(CHANGELIST, params).context["cl"].result_count

    districts = DistrictFactory.create_batch(7)
    assert [shown(p=number) for number in (1, 2)] == [7, 7]
    DistrictFactory()
    assert "8 districts" in admin_client.get(CHANGELIST).content.decode()
    districts[0].delete()
    assert shown(p=2) == 7
    assert shown(q='"yil mah"') == 7  # a search has a count of its own
    assert counted == [7, 8, 7, 7]


def test_the_count_reads_the_table_alone_not_the_joins_that_fetch_the_columns(admin_client):
    DistrictFactory.create_batch(7)
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(CHANGELIST).context["cl"].result_count == 7
    counts = [query["sql"] for query in queries if "COUNT(*)" in query["sql"]]
    assert len(counts) == 1 and "JOIN" not in counts[0]


def test_an_autocomplete_lookup_pages_its_rows_in_an_order(admin_client):
    CountryFactory.create_batch(25)  # a model without an ordering of its own; 20 a page
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        pages = [
            admin_client.get(
                "/admin/autocomplete/",
                {"app_label": "geography", "model_name": "city", "field_name": "country", "page": number},
            ).json()
            for number in (1, 2)
        ]
    assert [page["pagination"]["more"] for page in pages] == [True, False]
    assert [row["id"] for page in pages for row in page["results"]] == [
        str(pk) for pk in Country.objects.order_by("-pk").values_list("pk", flat=True)
    ]


def test_a_search_counts_its_matches_up_to_the_cap_and_says_so_past_it(admin_client, monkeypatch):
    """Past the cap the page reads "12+" and pages through the first 12 matches, newest first."""
    monkeypatch.setattr(api.admin.base, "COUNT_LIMIT", 12)
    matches = DistrictFactory.create_batch(14, name=factory.Sequence(lambda n: f"ALPHA {n}"))
    response = admin_client.get(CHANGELIST, {"q": "alpha"})
    text = response.content.decode()
    assert str(response.context["cl"].result_count) == "12+"
    assert "12+ results" in text and "12+ districts" in text
    pages = [page(admin_client, q="alpha", p=number) for number in (1, 2, 3)]
    newest = sorted((district.pk for district in matches), reverse=True)
    assert [pk for rows in pages for pk in rows] == newest[:12]
    assert admin_client.get(CHANGELIST, {"q": "alpha", "p": 4}).status_code == 302  # past the pages shown
    assert "14 districts" in admin_client.get(CHANGELIST).content.decode()  # no search: exact
    matches[0].delete()
    matches[1].delete()
    response = admin_client.get(CHANGELIST, {"q": "alpha"})
    assert response.context["cl"].result_count == 12 and "12 results" in response.content.decode()


def test_a_capped_count_costs_no_more_queries_than_an_exact_one(
    admin_client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(api.admin.base, "COUNT_LIMIT", 6)
    # Both lists' dates from the index (a list of at most 1,000 rows reads its dates in one query).
    monkeypatch.setattr(indexed_date_hierarchy, "COUNT_LIMIT", 0)
    DistrictFactory.create_batch(6, name=factory.Sequence(lambda n: f"ALPHA {n}"))
    with CaptureQueriesContext(connection) as exact:
        assert len(page(admin_client, q="alpha", p=2)) == 1
    DistrictFactory.create_batch(30, name=factory.Sequence(lambda n: f"ALPHA X{n}"))
    with django_assert_max_num_queries(len(exact)):
        assert len(page(admin_client, q="alpha", p=2)) == 1


@pytest.mark.parametrize(
    "narrowed",
    [{"is_active__exact": "1"}, {"modified_date__year": str(timezone.now().year)}, {"q": "alpha"}],
    ids=["filter", "date", "search"],
)
def test_a_narrowed_list_counts_up_to_the_cap_and_the_whole_list_exactly(admin_client, monkeypatch, narrowed):
    monkeypatch.setattr(api.admin.base, "COUNT_LIMIT", 12)
    DistrictFactory.create_batch(14, name=factory.Sequence(lambda n: f"ALPHA {n}"), is_active=True)
    DistrictFactory.create_batch(2, name="OMEGA", is_active=False)
    response = admin_client.get(CHANGELIST, narrowed)
    assert str(response.context["cl"].result_count) == "12+"
    assert len(page(admin_client, **narrowed, p=3)) == 2  # the 11th and 12th of the first twelve
    assert "16 districts" in admin_client.get(CHANGELIST).content.decode()
