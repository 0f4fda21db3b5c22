"""Keyset (cursor) mode: a walk that survives concurrent writes, costs no COUNT, and costs the same deep."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from api.pages.keyset import keyset_ordering
from api.sync.stamping import chosen_timestamps
from geography.models import City
from tests.geography.factories import CityFactory, DistrictFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/oms/cities/list-simple/"


WALKS = [
    (URL, CityFactory, {"sort": "id"}),
    (URL, CityFactory, {"sort": "-id"}),
    (URL, CityFactory, {"sort": "modified_date"}),
    (URL, CityFactory, {"sort": "-modified_date"}),
    # Districts list by name (and serve no change time unless asked): a rename moves a row.
    ("/api/v1/oms/districts/", DistrictFactory, {"include": "modified_date"}),
]


def key(row):
    return row.get("id", row.get("pk"))


def walk(api_client, url, params):
    """Every row of a walk that follows ``next``, in order."""
    body = api_client.get(url, params).json()
    rows = body["results"]
    while body["next"]:
        body = api_client.get(body["next"]).json()
        rows += body["results"]
    return rows


@pytest.mark.parametrize("mode", [{"cursor": ""}, {}], ids=["cursor", "page"])
@pytest.mark.parametrize(("url", "factory", "extra"), WALKS)
def test_walk_returns_every_row_it_began_with_exactly_once(api_client, mode, url, factory, extra):
    """Rows changed mid-walk may be left out; the next incremental run then brings them."""
    made = factory.create_batch(12)
    with chosen_timestamps():
        for offset, row in enumerate(made):
            stamp = timezone.now() - datetime.timedelta(hours=len(made) - offset)
            type(row).objects.filter(pk=row.pk).update(modified_date=stamp)
    existing = {row.pk for row in made}
    params = {"page_size": 3, **mode, **extra}
    changed, seen = set(), []
    body = api_client.get(url, params).json()
    while True:
        seen += body["results"]
        if not body["next"]:
            break
        # Between pages: a new row arrives, a seen and an unseen row are renamed, one is deleted.
        factory()
        # (modified_date given: SQLite has no trigger to stamp a QuerySet.update(), see test_stamping.)
        renamed = {"name": f"RENAMED {len(seen)}", "modified_date": timezone.now()}
        type(made[0]).objects.filter(pk=key(seen[-1])).update(**renamed)
        unseen = [row for row in made if row.pk not in {key(r) for r in seen} | changed | {None}]
        unseen[0].name = f"AAA {len(seen)}"
        unseen[0].save()
        changed |= {key(seen[-1]), unseen[0].pk, unseen[-1].pk}
        if len(unseen) > 1:
            unseen[-1].delete()
        body = api_client.get(body["next"]).json()
    ids = [key(row) for row in seen]
    assert len(ids) == len(set(ids))
    assert existing - changed <= set(ids)
    watermark = max(row["modified_date"] for row in seen)
    next_run = walk(api_client, url, {**params, "modified_date__gt": watermark})
    kept = type(made[0]).objects.filter(pk__in=changed)
    assert {row.pk: row.name for row in kept} == {
        key(row): row["name"] for row in next_run if key(row) in changed
    }


def test_no_count_query_and_deep_pages_cost_what_first_pages_cost(api_client):
    CityFactory.create_batch(30)
    with CaptureQueriesContext(connection) as first:
        body = api_client.get(URL, {"cursor": "", "page_size": 5}).json()
    assert not any("COUNT(" in query["sql"].upper() for query in first.captured_queries)
    for _ in range(4):
        body = api_client.get(body["next"]).json()
    with CaptureQueriesContext(connection) as deep:
        api_client.get(body["next"])
    assert len(deep) == len(first)
    assert not any("OFFSET" in query["sql"].upper() for query in deep.captured_queries)


def test_cursor_issued_for_another_sort_is_rejected(api_client):
    CityFactory.create_batch(3)
    next_url = api_client.get(URL, {"cursor": "", "page_size": 1, "sort": "id"}).json()["next"]
    response = api_client.get(next_url.replace("sort=id", "sort=-modified_date"))
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_mode_follows_an_endpoints_default_sort(api_client):
    """Districts list by name by default; the cursor walks that order too."""
    districts = DistrictFactory.create_batch(5)
    body = api_client.get("/api/v1/oms/districts/", {"cursor": "", "page_size": 2}).json()
    names = [row["name"] for row in body["results"]]
    while body["next"]:
        body = api_client.get(body["next"]).json()
        names += [row["name"] for row in body["results"]]
    assert names == sorted(district.name for district in districts)


def test_cursor_mode_rejects_sorting_by_a_nullable_column():
    """NULLs have no place in a keyset comparison, so such a sort is refused up front."""
    with pytest.raises(ValidationError) as error:
        keyset_ordering(City.objects.order_by("omnitron_id"))
    assert "cursor" in error.value.detail
    assert keyset_ordering(City.objects.order_by("-modified_date")) == [
        ("modified_date", True),
        ("id", False),
    ]


def test_next_link_keeps_filters_and_drops_page(api_client):
    CityFactory.create_batch(4)
    body = api_client.get(URL, {"cursor": "", "page_size": 2, "is_active": "true", "page": 3}).json()
    assert "is_active=true" in body["next"] and "page=" not in body["next"] and "cursor=" in body["next"]


def test_gzip_when_the_client_accepts_it(api_client):
    CityFactory.create_batch(40)
    response = api_client.get(URL, {"page_size": 40}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    plain = api_client.get(URL, {"page_size": 40})
    assert not plain.has_header("Content-Encoding")
