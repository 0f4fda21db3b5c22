"""The OpenAPI schema, Swagger UI and ReDoc are served offline, and document what the API does."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_schema_documents_every_endpoint_its_filters_pagination_and_token(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    paths = schema["paths"]
    assert len([p for p in paths if p.startswith("/api/v1/remote/{channel_id}/data-warehouse/")]) == 49
    cities = paths["/api/v1/oms/cities/"]["get"]
    names = {parameter["name"] for parameter in cities["parameters"]}
    assert {
        "country",
        "id__gt",
        "modified_date__lte",
        "sort",
        "page",
        "page_size",
        "limit",
        "cursor",
    } <= names
    assert set(cities["responses"]) >= {"200", "400", "401", "406", "429"}
    assert {"type": "apiKey", "in": "header", "name": "Authorization"}.items() <= (
        schema["components"]["securitySchemes"]["tokenAuth"].items()
    )


# What Swagger UI's "Try it out" pre-fills a parameter with; a filled date filter empties the page.
PREFILLED = {"example", "examples", "default"}


def test_no_query_parameter_is_prefilled_in_swagger_ui(api_client):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    prefilled = {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and PREFILLED & (parameter.keys() | parameter.get("schema", {}).keys())
    }
    assert prefilled == set()
    date_filter = next(
        parameter
        for parameter in schema["paths"]["/api/v1/oms/cities/"]["get"]["parameters"]
        if parameter["name"] == "modified_date__gt"
    )
    # The example lives in the description instead.
    assert "2025-01-09" in date_filter["description"]


class AssetLinks(HTMLParser):
    """The URLs a page makes the browser fetch: scripts, stylesheets, icons, preconnects."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = attributes.get("src") if tag == "script" else attributes.get("href") if tag == "link" else None
        if url:
            self.urls.append(url)


@pytest.mark.parametrize(
    "path, asset",
    [
        ("/api/docs/", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/redoc/", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ],
)
def test_ui_pages_load_their_assets_from_this_server(client, path, asset):
    links = AssetLinks()
    links.feed(client.get(path).content.decode())
    # Only the asset URLs: the page also embeds a random CSRF token, whose text may be anything.
    assert static(asset) in links.urls
    elsewhere = [url for url in links.urls if urlsplit(url).netloc or not url.startswith(settings.STATIC_URL)]
    assert elsewhere == []
    assert finders.find(asset)
