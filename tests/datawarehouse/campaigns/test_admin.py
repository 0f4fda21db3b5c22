"""The campaign admin: every list (with search) and change page renders; JSON fields are edited as JSON."""

import json

import pytest

from datawarehouse.campaigns.models import Condition
from tests.datawarehouse.campaigns import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.ConditionFactory,
    factories.BenefitFactory,
    factories.BasketOfferFactory,
    factories.PromotionFactory,
    factories.BulkVoucherCodeFactory,
    factories.SessionOfferFactory,
    factories.LoyaltyCardFactory,
    factories.ProductCollectionItemFactory,
    factories.ProductCollectionFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_list_and_change_pages_render(admin_client, factory):
    record = factory()
    url = f"/admin/dw_campaigns/{record._meta.model_name}/"
    assert admin_client.get(url, {"q": "x"}).status_code == 200
    assert admin_client.get(f"{url}{record.pk}/change/").status_code == 200


def test_condition_kwargs_are_edited_as_json(admin_client):
    condition = factories.ConditionFactory()
    kwargs = {"price_type": "unit_price", "value": 3, "query": [["email_in", ["a@b.com"]]]}
    response = admin_client.post(
        f"/admin/dw_campaigns/condition/{condition.pk}/change/",
        {
            "channel": condition.channel_id,
            "condition_type": "quantity",
            "translations": "null",
            "upsell_message": "",
            "kwargs": json.dumps(kwargs),
            "product_collection": "",
        },
    )
    assert response.status_code == 302, response.content
    condition = Condition.objects.get(pk=condition.pk)
    assert (condition.condition_type, condition.kwargs) == ("quantity", kwargs)
