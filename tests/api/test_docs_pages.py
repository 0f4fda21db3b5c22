"""The OpenAPI schema, Swagger UI and ReDoc are served offline, and document what the API does."""

import pytest
import yaml
from django.contrib.staticfiles import finders

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
    assert set(cities["responses"]) >= {"200", "400", "401", "429"}
    assert {"type": "apiKey", "in": "header", "name": "Authorization"}.items() <= (
        schema["components"]["securitySchemes"]["tokenAuth"].items()
    )


@pytest.mark.parametrize(
    "path, asset", [("/api/docs/", "swagger-ui-bundle.js"), ("/api/redoc/", "redoc.standalone.js")]
)
def test_ui_pages_load_their_assets_from_this_server(client, path, asset):
    page = client.get(path).content.decode()
    assert asset in page and "cdn" not in page.lower()
    assert finders.find(
        f"drf_spectacular_sidecar/{'swagger-ui-dist' if 'swagger' in asset else 'redoc/bundles'}/{asset}"
    )
