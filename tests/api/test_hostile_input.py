"""Inputs that once answered a 500 (issue 14): each is now a 400 naming its parameter, on every endpoint.

Found by schemathesis's fuzzing phase and by hand: integers beyond a column's
range, empty sort keys, dates at the edges of the calendar, UTC offsets no
database accepts, forged cursors and repeated parameters.
"""

import base64

import orjson
import pytest

from tests.contract.endpoints import ENDPOINTS
from tests.datawarehouse.baskets.factories import BasketItemFactory
from tests.datawarehouse.campaigns.factories import BulkVoucherCodeFactory
from tests.geography.factories import CityFactory
from tests.oms.customers.factories import CustomerFactory

pytestmark = pytest.mark.django_db
CITIES = "/api/v1/oms/cities/"
HUGE = "18062314671391165644800"


def forged_cursor(payload) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


def assert_400_naming(response, param):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert param in response.json(), response.json()


# Every endpoint: (query string, the parameter the 400 must name).
BAD_ON_EVERY_ENDPOINT = [
    ("sort=,", "sort"),
    ("sort=id,", "sort"),
    ("sort=,id", "sort"),
    ("sort=id,-id", "sort"),
    ("id=" + HUGE, "id"),
    ("id__gt=-" + HUGE, "id__gt"),
    ("id__lte=9223372036854775808", "id__lte"),
    ("page=" + HUGE, "page"),
    ("page_size=" + HUGE, "page_size"),
    ("modified_date__gt=2025-01-01T00:00:00%2B16:00", "modified_date__gt"),
    ("modified_date__lt=0001-01-01T00:00:00%2B01:00", "modified_date__lt"),
    ("modified_date__gte=9999-12-31T23:59:59-01:00", "modified_date__gte"),
    ("id=1&id=2", "id"),
    ("page=1&page=2", "page"),
    ("sort=id&sort=-id", "sort"),
    ("cursor=" + forged_cursor({"o": ["id"], "v": [None]}), "cursor"),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_hostile_input_is_a_400_naming_the_parameter_on_every_endpoint(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    answers = {query: api_client.get(f"{url}?{query}") for query, _ in BAD_ON_EVERY_ENDPOINT}
    wrong = {
        query: (answers[query].status_code, answers[query].content[:200])
        for query, param in BAD_ON_EVERY_ENDPOINT
        if answers[query].status_code != 400 or param not in answers[query].json()
    }
    assert wrong == {}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_last_and_first_days_of_the_calendar_filter_like_any_other_day(endpoint, api_client):
    """The whole-day rule has no next day after 9999-12-31: it is still answered, not a 500."""
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    every = api_client.get(url).json()["count"]
    assert every >= 1
    for params, expected in [
        ({"modified_date__gte": "9999-12-31"}, 0),
        ({"modified_date__gt": "9999-12-31"}, 0),
        ({"modified_date": "9999-12-31"}, 0),
        ({"modified_date__lte": "9999-12-31"}, every),
        ({"modified_date__lt": "9999-12-31"}, every),
        ({"modified_date__lt": "0001-01-01"}, 0),
        ({"modified_date__lte": "0001-01-01"}, 0),
        ({"modified_date__gt": "0001-01-01"}, every),
        ({"modified_date__lt": "0001-01-01T00:00:00Z"}, 0),
        ({"modified_date__gte": "9999-12-31T23:59:59.999999Z"}, 0),
    ]:
        response = api_client.get(url, params)
        assert response.status_code == 200, (params, response.content)
        assert response.json()["count"] == expected, params


def test_a_foreign_key_beyond_64_bits_is_a_400(api_client):
    item = BasketItemFactory()
    url = f"/api/v1/remote/{item.channel_id}/data-warehouse/baskets/basket-items/"
    assert_400_naming(api_client.get(url, {"basket": HUGE}), "basket")
    assert [row["id"] for row in api_client.get(url, {"basket": item.basket_id}).json()["results"]] == [
        item.pk
    ]


def test_a_negative_foreign_key_beyond_64_bits_is_a_400(api_client):
    code = BulkVoucherCodeFactory()
    url = f"/api/v1/remote/{code.channel_id}/data-warehouse/campaigns/bulk-voucher-codes/"
    response = api_client.get(url, {"order": "-654685579651442671616"})
    assert_400_naming(response, "order")
    assert "-2147483648" in response.json()["order"][0]


def test_integers_are_bounded_by_their_column_not_by_64_bits(api_client):
    """``id`` is a 32-bit column: 2147483647 is the last id it can hold, one more is a 400."""
    CityFactory()
    assert api_client.get(CITIES, {"id__lte": "2147483647"}).status_code == 200
    assert api_client.get(CITIES, {"id__gte": "-2147483648"}).status_code == 200
    response = api_client.get(CITIES, {"id__lte": "2147483648"})
    assert_400_naming(response, "id__lte")
    assert "2147483647" in response.json()["id__lte"][0]


@pytest.mark.parametrize("offset", ["+14:00", "-12:00", "+05:30", "Z"])
def test_real_world_utc_offsets_are_accepted(api_client, offset):
    city = CityFactory()
    stamp = city.modified_date.strftime("%Y-%m-%dT%H:%M:%S.%f")
    response = api_client.get(CITIES, {"modified_date__gte": f"2000-01-01T00:00:00{offset}"})
    assert [row["pk"] for row in response.json()["results"]] == [city.pk]
    response = api_client.get(CITIES, {"modified_date__gt": f"{stamp}{offset}"})
    assert response.status_code == 200


@pytest.mark.parametrize("offset", ["+16:00", "+14:01", "-12:01", "-23:59"])
def test_an_offset_outside_the_real_world_range_is_a_400_that_says_the_range(api_client, offset):
    response = api_client.get(CITIES, {"modified_date__gt": f"2025-01-01T00:00:00{offset}"})
    assert_400_naming(response, "modified_date__gt")
    assert "-12:00" in response.json()["modified_date__gt"][0]
    assert "+14:00" in response.json()["modified_date__gt"][0]


@pytest.mark.parametrize(
    "payload",
    [
        {"o": ["id"], "v": [None]},
        {"o": ["id"], "v": ["1"]},
        {"o": ["id"], "v": [1.5]},
        {"o": ["id"], "v": [True]},
        {"o": ["id"], "v": [[1]]},
        {"o": ["id"], "v": [{"a": 1}]},
        {"o": ["id"], "v": [2**63 - 1]},
        {"o": ["id"], "v": [-(2**63)]},
        {"o": ["id"], "v": 5},
        {"o": ["id"], "v": "5"},
        {"o": ["id"]},
        {"o": "id", "v": [1]},
        {"o": ["id"], "v": [1, 2]},
        [1, 2],
        "cursor",
        None,
    ],
    ids=repr,
)
def test_a_forged_id_cursor_is_a_400(api_client, payload):
    CityFactory()
    assert_400_naming(api_client.get(CITIES, {"cursor": forged_cursor(payload)}), "cursor")


@pytest.mark.parametrize(
    "value",
    [
        None,
        7,
        "",
        "yesterday",
        "9999-12-31T23:59:59.999999-01:00",
        "0001-01-01T00:00:00+01:00",
        "2025-01-01T00:00:00+16:00",
        "10000-01-01T00:00:00Z",
    ],
    ids=repr,
)
def test_a_forged_date_cursor_is_a_400(api_client, value):
    CityFactory()
    cursor = forged_cursor({"o": ["modified_date", "id"], "v": [value, 1]})
    response = api_client.get(CITIES, {"sort": "modified_date", "cursor": cursor})
    assert_400_naming(response, "cursor")


def test_a_cursor_at_the_edges_of_its_columns_is_served(api_client):
    """Values a column can hold are a valid place to start from, even if no row is there."""
    city = CityFactory()
    for values, ids in [([0], [city.pk]), ([2147483647], [])]:
        response = api_client.get(CITIES, {"cursor": forged_cursor({"o": ["id"], "v": values})})
        assert [row["pk"] for row in response.json()["results"]] == ids
    cursor = forged_cursor({"o": ["modified_date", "id"], "v": ["0001-01-01T00:00:00Z", 0]})
    response = api_client.get(CITIES, {"sort": "modified_date", "cursor": cursor})
    assert [row["pk"] for row in response.json()["results"]] == [city.pk]


@pytest.mark.parametrize(
    "query, param",
    [
        ("id=1&id=2", "id"),
        ("id=1&id=1", "id"),
        ("page=1&page=2", "page"),
        ("sort=id&sort=-id", "sort"),
        ("page_size=5&page_size=6", "page_size"),
        ("cursor=&cursor=", "cursor"),
        ("modified_date__gt=2025-01-01&modified_date__gt=2025-02-01", "modified_date__gt"),
        ("format=json&format=json", "format"),
    ],
)
def test_a_repeated_parameter_is_a_400_not_its_last_value(api_client, query, param):
    CityFactory()
    response = api_client.get(f"{CITIES}?{query}")
    assert_400_naming(response, param)
    assert "once" in response.json()[param][0]


def test_a_declared_integer_filter_is_bounded_by_its_column_too(api_client):
    """``channel_id`` on OMS customers is declared by hand, not generated from the model: same bound."""
    customer = CustomerFactory()
    url = "/api/v1/oms/customers/list-simple/"
    assert_400_naming(api_client.get(url, {"channel_id": HUGE}), "channel_id")
    rows = api_client.get(url, {"channel_id": customer.channel_id}).json()["results"]
    assert [row["id"] for row in rows] == [customer.pk]


def test_a_text_filter_with_a_nul_character_is_a_400(api_client):
    """PostgreSQL cannot hold NUL in text, so the value is refused before the query."""
    CustomerFactory(first_name="Ada")
    response = api_client.get("/api/v1/oms/customers/list-simple/", {"first_name": "Ada\x00"})
    assert_400_naming(response, "first_name")
