"""CSV and Excel exports of every registered endpoint, compared with the JSON of the same request.

The expected cells are derived here from the JSON independently of the
renderer: every leaf of a record under its dotted name (``price_list.pk``,
``state.translations.en-us.name``), lists and empty objects as JSON text.
"""

import base64
import csv
import io
import json
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from geography.views import OmsCityViewSet
from tests.contract.endpoints import ENDPOINTS

pytestmark = pytest.mark.django_db
every_endpoint = pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)

CSV = {"format": "csv"}
EXCEL = {"HTTP_ACCEPT": "application/xls"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: earlier tests must not throttle the anonymous requests here."""
    cache.clear()


def position(link):
    """A ``Link`` header or URL as (path, parameters), its walk position without the horizon (time
    and WAL position).

    Each first page reads its own visibility horizon, and its next link pins it, so the
    links of two requests for one page differ only there.
    """
    url = urlsplit(link.split(";")[0].strip("<>"))
    params = dict(parse_qsl(url.query, keep_blank_values=True))
    for name in ("cursor", "seek"):
        if params.get(name):
            payload = json.loads(base64.urlsafe_b64decode(params[name] + "=" * (-len(params[name]) % 4)))
            params[name] = {**payload, "h": None, "p": None}
    return url.path, params


def leaves(value, path=()):
    """Each leaf of a JSON record by its dotted column name; non-empty objects are walked."""
    if isinstance(value, dict) and (value or not path):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    else:
        yield ".".join(path), value


def json_text(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_cell(value):
    if value is None:
        return ""
    return value if isinstance(value, str) else json_text(value)


def excel_cell(value):
    """What openpyxl reads back: typed numbers and booleans, text otherwise; Excel has no empty string."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**15):
        return value
    return value if isinstance(value, str) else json_text(value)


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    header, *lines = csv.reader(io.StringIO(response.content.decode("utf-8")))
    return header, lines


def read_excel(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xls"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return header, lines


def assert_table_is_the_json(header, lines, records, cell, declared):
    # One column per dotted name, grouped by top-level field in serializer order.
    assert len(set(header)) == len(header)
    assert list(dict.fromkeys(name.split(".")[0] for name in header)) == list(declared)
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        values = dict(leaves(record))
        # Nothing the JSON holds is lost: every value has its column (or its keys have theirs).
        for name, value in values.items():
            if value is not None:
                assert name in header or any(column.startswith(f"{name}.") for column in header), name
        assert line == [cell(values.get(name)) for name in header]


def get_all(client, url, params=None):
    """The same request as JSON, CSV and Excel (the last chosen by the Accept header).

    ``url`` may carry a query (a ``next`` link) when ``params`` is empty.
    """
    if params:
        return client.get(url, params), client.get(url, {**params, **CSV}), client.get(url, params, **EXCEL)
    csv_url = f"{url}{'&' if '?' in url else '?'}format=csv"
    return client.get(url), client.get(csv_url), client.get(url, **EXCEL)


@every_endpoint
def test_page_mode_exports_match_the_json_page(endpoint, api_client):
    _, channel_id = endpoint.make_rows(3)
    url, params = endpoint.url(channel_id), {"page_size": 2, "sort": "-id"}
    as_json, as_csv, as_excel = get_all(api_client, url, params)
    body = as_json.json()
    declared = endpoint.viewset.serializer_class.Meta.fields
    assert_table_is_the_json(*read_csv(as_csv), body["results"], csv_cell, declared)
    assert_table_is_the_json(*read_excel(as_excel), body["results"], excel_cell, declared)
    # The page's links and count travel in headers; the Accept-header request links like the JSON.
    assert as_excel["Link"].endswith('>; rel="next"')
    assert position(as_excel["Link"]) == position(body["next"])
    assert as_csv["Link"].startswith("<http://testserver/") and "format=csv" in as_csv["Link"]
    assert as_csv["X-Total-Count"] == as_excel["X-Total-Count"] == str(body["count"]) == "3"
    second_page, second_json = api_client.get(body["next"], **EXCEL), api_client.get(body["next"]).json()
    assert_table_is_the_json(*read_excel(second_page), second_json["results"], excel_cell, declared)
    assert second_page["Link"] == f'<{second_json["previous"]}>; rel="prev"'


@every_endpoint
def test_keyset_mode_exports_match_the_json_walk(endpoint, api_client):
    _, channel_id = endpoint.make_rows(3)
    url, params = endpoint.url(channel_id), {"cursor": "", "page_size": 2, "sort": "modified_date"}
    declared = endpoint.viewset.serializer_class.Meta.fields
    for _ in range(2):
        as_json, as_csv, as_excel = get_all(api_client, url, params)
        body = as_json.json()
        assert_table_is_the_json(*read_csv(as_csv), body["results"], csv_cell, declared)
        assert_table_is_the_json(*read_excel(as_excel), body["results"], excel_cell, declared)
        assert "X-Total-Count" not in as_csv
        if body["next"] is None:
            assert "Link" not in as_excel
            break
        assert as_excel["Link"].endswith('>; rel="next"')
        assert position(as_excel["Link"]) == position(body["next"])
        url, params = body["next"], None
    assert body["next"] is None and len(body["results"]) == 1


@every_endpoint
def test_filters_apply_to_exports(endpoint, api_client):
    rows, channel_id = endpoint.make_rows(3)
    url = endpoint.url(channel_id)
    params = {"id__gt": min(row.pk for row in rows), "modified_date__gte": "2000-01-01", "sort": "id"}
    as_json, as_csv, as_excel = get_all(api_client, url, params)
    records = as_json.json()["results"]
    assert len(records) == 2
    declared = endpoint.viewset.serializer_class.Meta.fields
    assert_table_is_the_json(*read_csv(as_csv), records, csv_cell, declared)
    assert_table_is_the_json(*read_excel(as_excel), records, excel_cell, declared)


@every_endpoint
def test_an_empty_page_still_has_its_header(endpoint, api_client):
    _, channel_id = endpoint.make_rows(1)
    as_json, as_csv, as_excel = get_all(api_client, endpoint.url(channel_id), {"id__gt": 2**31 - 1})
    assert as_json.json()["results"] == []
    declared = endpoint.viewset.serializer_class.Meta.fields
    assert_table_is_the_json(*read_csv(as_csv), [], csv_cell, declared)
    assert_table_is_the_json(*read_excel(as_excel), [], excel_cell, declared)


def assert_json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    return response.json()


@every_endpoint
def test_errors_stay_json(endpoint, api_client, anonymous_client):
    _, channel_id = endpoint.make_rows(1)
    url = endpoint.url(channel_id)
    assert "detail" in assert_json_error(anonymous_client.get(url, CSV), 401)
    assert "detail" in assert_json_error(anonymous_client.get(url, **EXCEL), 401)
    assert "modifed_date" in assert_json_error(
        api_client.get(url, {"modifed_date": "2025-01-01", **CSV}), 400
    )
    assert "page" in assert_json_error(api_client.get(url, {"page": 99}, **EXCEL), 400)
    # OPTIONS describes the endpoint in JSON whatever format was asked for.
    assert assert_json_error(api_client.options(url, CSV), 200)["renders"] == [
        "application/json",
        "text/csv",
        "application/xls",
    ]


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.datawarehouse or hasattr(e.viewset, "retrieve")], ids=str
)
def test_not_found_stays_json(endpoint, api_client):
    if endpoint.datawarehouse:
        url = endpoint.url(channel_id=2**31 - 1)
    else:
        url = f"{endpoint.url()}{2**31 - 1}/"
    assert "detail" in assert_json_error(api_client.get(url, CSV), 404)
    assert "detail" in assert_json_error(api_client.get(url, **EXCEL), 404)


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "application/json", "text/csv", "application/xls;q=0.9, */*;q=0.1", "text/*", "*/*;q=0.8"],
)
@pytest.mark.parametrize("query", [{}, {"format": "json"}, {"format": "csv"}])
def test_every_accept_header_is_answered_as_drfs_negotiation_answers_it(api_client, accept, query):
    """A request that accepts anything is answered without DRF's negotiation (api/viewsets.py): with
    the same renderer and media type as that negotiation chooses, as every other request is."""
    url = "/api/v1/oms/cities/list-simple/"
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(RequestFactory().get(url, query, **headers))
    renderers = [renderer() for renderer in OmsCityViewSet.renderer_classes]
    response = api_client.get(url, query, **headers)
    try:
        renderer, media_type = DefaultContentNegotiation().select_renderer(request, renderers, None)
    except NotAcceptable:  # a format the Accept header refuses
        assert response.status_code == 406, response.content
        return
    assert response.status_code == 200, response.content
    assert response.accepted_renderer.format == renderer.format
    assert response.accepted_media_type == media_type
    assert response["Content-Type"].split(";")[0] == renderer.media_type
