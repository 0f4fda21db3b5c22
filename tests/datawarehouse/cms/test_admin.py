"""The CMS admin: every model's list (with search) and change page render; schemas are edited as JSON."""

import json

import pytest

from datawarehouse.cms.models import WidgetType
from tests.datawarehouse.cms import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.PrettyUrlFactory,
    factories.SeoFactory,
    factories.SpecialPageFactory,
    factories.WidgetTypeFactory,
    factories.WidgetFactory,
    factories.SpecialPagePrettyUrlFactory,
    factories.LandingPageTypeFactory,
    factories.LandingPageFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_list_and_change_pages_render(admin_client, factory):
    record = factory()
    url = f"/admin/dw_cms/{record._meta.model_name}/"
    assert admin_client.get(url, {"q": "x"}).status_code == 200
    assert admin_client.get(f"{url}{record.pk}/change/").status_code == 200


def test_widget_type_schema_is_edited_as_json(admin_client):
    widget_type = factories.WidgetTypeFactory()
    schema = {"title": {"required": False, "data_type": "text", "key": "title", "label": "Title"}}
    response = admin_client.post(
        f"/admin/dw_cms/widgettype/{widget_type.pk}/change/",
        {"channel": widget_type.channel_id, "name": "Product Recommendation", "schema": json.dumps(schema)},
    )
    assert response.status_code == 302, response.content
    assert WidgetType.objects.get(pk=widget_type.pk).schema == schema
