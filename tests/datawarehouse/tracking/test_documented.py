"""The documented examples of sections 38, 39, 44, 47, 48 and 49 come back as documented.

Content type ids are whatever Django assigns: a documented ``content_type`` is compared through the
(app_label, model) the documented content type has (datawarehouse/tracking/fixtures).
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.docs import documented

pytestmark = pytest.mark.django_db

# The documented content type ids: those of the documented content types (section 38), the one a
# documented version names (flatpages.flatpage), and the project's models that stand for the two
# content types the deleted items name.
DOCUMENTED_CONTENT_TYPES = {
    **{row["id"]: (row["app_label"], row["model"]) for row in documented("dw_content_types")["results"]},
    15: ("flatpages", "flatpage"),
    138: ("dw_products", "product"),
    45: ("dw_orders", "order"),
}


def served(client, path, **params):
    response = client.get(f"/api/v1/remote/1/data-warehouse/{path}/", {"page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return response.json()


def with_our_content_type(row):
    """A documented row with its content type id replaced by the id Django gave that content type."""
    if "content_type" not in row:
        return row
    app_label, model = DOCUMENTED_CONTENT_TYPES[row["content_type"]]
    return {**row, "content_type": ContentType.objects.get_by_natural_key(app_label, model).pk}


def test_content_types(api_client, docs_examples):
    rows = served(api_client, "content-types")["results"]
    by_natural_key = {(row["app_label"], row["model"]): list(row.items()) for row in rows}
    for row in documented("dw_content_types")["results"]:
        key = (row["app_label"], row["model"])
        expected = {**row, "id": ContentType.objects.get_by_natural_key(*key).pk}
        assert by_natural_key[key] == list(expected.items())
    # Every content type Django holds, documented or not.
    assert len(rows) == ContentType.objects.count()


@pytest.mark.parametrize(
    "path, doc",
    [
        ("redirects", "dw_redirects"),
        ("deleted-items", "dw_deleted_items"),
        # Newest first, as the documentation lists them (django-reversion's order).
        ("reversions/revisions", "dw_revisions"),
        ("reversions/versions", "dw_versions"),
    ],
)
def test_documented_records_in_documented_order(api_client, docs_examples, path, doc):
    expected = documented(doc)
    body = served(api_client, path)
    assert body["count"] == len(expected["results"])
    assert [list(row.items()) for row in body["results"]] == [
        list(with_our_content_type(row).items()) for row in expected["results"]
    ]


def test_audit_events_lead_with_their_id(api_client, docs_examples):
    """The example omits ``id``, the field table lists it first: it is served first, then the example."""
    (row,) = served(api_client, "audit-events")["results"]
    (expected,) = documented("dw_audit_events")["results"]
    assert list(row.items()) == [("id", 1), *with_our_content_type(expected).items()]


def test_documented_records_belong_to_channel_1(api_client, docs_examples):
    from tests.factories import ChannelFactory

    other = ChannelFactory()
    for path in ("redirects", "deleted-items", "reversions/revisions", "reversions/versions", "audit-events"):
        response = api_client.get(f"/api/v1/remote/{other.pk}/data-warehouse/{path}/")
        assert response.json()["results"] == [], path
