"""Page-mode counts are cached between writes (api/counts.py) and stay exact across them."""

import datetime

import django_filters
from django.utils import timezone

import api.counts
from api.stamping import chosen_timestamps
from geography.models import City
from tests.geography.factories import CityFactory

URL = "/api/v1/oms/cities/list-simple/"


def count(client, **params):
    return client.get(URL, {"page_size": 2, **params}).json()["count"]


def test_a_walk_counts_once_while_nothing_changes(api_client, counted):
    CityFactory.create_batch(5)
    assert [count(api_client, page=page) for page in (1, 2, 3)] == [5, 5, 5]
    assert counted == [5]


def test_inserts_deletes_and_updates_between_pages_give_the_exact_count(api_client, counted):
    cities = CityFactory.create_batch(5)
    assert count(api_client) == 5
    CityFactory()
    assert count(api_client, page=2) == 6
    cities[0].delete()
    assert count(api_client, page=3) == 5
    City.objects.filter(pk=cities[1].pk).delete()  # a queryset delete, no signals
    assert count(api_client, page=2) == 4
    assert counted == [5, 6, 5, 4]


def test_an_update_that_moves_a_row_into_a_filter_is_counted(api_client):
    cities = CityFactory.create_batch(4)
    since = timezone.now() + datetime.timedelta(days=1)
    filtered = {"modified_date__gte": since.isoformat()}
    assert count(api_client, **filtered) == 0
    with chosen_timestamps():  # a stamp in the future: the database's own clock would stamp now
        City.objects.filter(pk=cities[0].pk).update(modified_date=since + datetime.timedelta(hours=1))
    assert count(api_client, **filtered) == 1
    assert count(api_client) == 4


def test_each_filter_and_sort_has_its_own_count(api_client):
    country_cities = CityFactory.create_batch(3)
    CityFactory.create_batch(2)
    assert count(api_client) == 5
    assert count(api_client, country=country_cities[0].country_id) == 1
    assert count(api_client, sort="-id") == 5


def test_a_query_that_can_match_nothing_counts_zero(api_client, monkeypatch):
    """Django compiles no SQL for such a query (``pk__in=[]``); the count is still 0, never a 500."""
    CityFactory.create_batch(2)
    original = django_filters.FilterSet.filter_queryset
    monkeypatch.setattr(
        django_filters.FilterSet, "filter_queryset", lambda self, queryset: original(self, queryset).none()
    )
    assert count(api_client) == 0


def test_past_the_bound_a_walk_that_follows_next_keeps_its_first_pages_count(
    api_client, counted, monkeypatch
):
    """A large count is counted once per walk under writes; a page reached by number counts afresh."""
    monkeypatch.setattr(api.counts, "WALK_COUNT_ROWS", 4)
    cities = CityFactory.create_batch(5)
    first = api_client.get(URL, {"page_size": 2}).json()
    City.objects.filter(pk=cities[0].pk).delete()
    second = api_client.get(first["next"]).json()
    CityFactory()
    third = api_client.get(second["next"]).json()
    assert [first["count"], second["count"], third["count"]] == [5, 5, 5]
    assert counted == [5]
    assert count(api_client, page=2) == 5  # 5 - 1 + 1, counted again
    assert counted == [5, 5]


def test_up_to_the_bound_every_page_of_a_walk_counts_exactly(api_client, counted, monkeypatch):
    monkeypatch.setattr(api.counts, "WALK_COUNT_ROWS", 5)
    cities = CityFactory.create_batch(5)
    first = api_client.get(URL, {"page_size": 2}).json()
    City.objects.filter(pk=cities[-1].pk).delete()
    assert api_client.get(first["next"]).json()["count"] == 4
    assert counted == [5, 4]
