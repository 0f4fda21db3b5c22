"""The product admin: list (with search) and change pages render; attributes are edited as JSON."""

import json

import pytest

from datawarehouse.products.models import Product
from tests.datawarehouse.products.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory", [ProductFactory, ProductImageFactory], ids=lambda f: f._meta.model.__name__
)
def test_list_and_change_pages_render(admin_client, factory):
    record = factory()
    url = f"/admin/dw_products/{record._meta.model_name}/"
    assert admin_client.get(url, {"q": "x"}).status_code == 200
    assert admin_client.get(f"{url}{record.pk}/change/").status_code == 200


def test_product_attributes_are_edited_as_json(admin_client):
    product = ProductFactory()
    attributes = {"integration_color": "SIYAH", "has_dynamic_price": True}
    data = {
        "channel": product.channel_id,
        "product_type": "0",
        "name": product.name,
        "base_code": product.base_code,
        "sku": product.sku,
        "uuid": str(product.uuid),
        "is_active": "on",
        "attributes": json.dumps(attributes),
        **{
            name: "{}"
            for name in ("attributes_kwargs", "localized_attributes", "localized_attributes_kwargs")
        },
        "extra_attributes": "{}",
    }
    response = admin_client.post(f"/admin/dw_products/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.content
    assert Product.objects.get(pk=product.pk).attributes == attributes
