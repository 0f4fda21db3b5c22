"""Campaign endpoints (sections 18-26) against the documented examples, with their filters and choices."""

import pytest

from datawarehouse.campaigns.models import BasketOffer, Benefit, Condition, ProductCollection, SessionOffer
from tests.datawarehouse.accounts.factories import CustomerFactory
from tests.datawarehouse.campaigns.factories import (
    BasketOfferFactory,
    BenefitFactory,
    BulkVoucherCodeFactory,
    ConditionFactory,
    LoyaltyCardFactory,
    ProductCollectionFactory,
    ProductCollectionItemFactory,
    PromotionFactory,
    SessionOfferFactory,
)
from tests.datawarehouse.orders.factories import DiscountItemFactory
from tests.datawarehouse.products.factories import ProductFactory
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db

DOCUMENTED = [
    ("campaigns/conditions", "dw_campaign_conditions"),
    ("campaigns/benefits", "dw_campaign_benefits"),
    ("campaigns/basket-offers", "dw_basket_offers"),
    ("campaigns/promotions", "dw_promotions"),
    ("campaigns/bulk-voucher-codes", "dw_bulk_voucher_codes"),
    ("campaigns/session-offers", "dw_session_offers"),
    ("campaigns/loyalty-cards", "dw_loyalty_cards"),
    ("campaigns/product-collection-items", "dw_product_collection_items"),
    ("campaigns/product-collections", "dw_product_collections"),
]


def get(client, path, channel_id=1, **params):
    return results(client, f"/api/v1/remote/{channel_id}/data-warehouse/campaigns/{path}/", params)


def ids(client, path, channel, **params):
    return [row["id"] for row in get(client, path, channel.pk, sort="id", **params)]


@pytest.mark.parametrize("path, doc", DOCUMENTED)
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    served = by_id(get(api_client, path.removeprefix("campaigns/"), page_size=100))
    assert {pk: served[pk] for pk in expected} == expected


@pytest.mark.parametrize(
    "path, field, choices",
    [
        ("conditions", "condition_type", Condition.ConditionType),
        ("benefits", "benefit_type", Benefit.BenefitType),
        ("basket-offers", "status", BasketOffer._meta.get_field("status").choices),
        ("basket-offers", "offer_type", BasketOffer.OfferType),
        ("session-offers", "type", SessionOffer.Type),
        ("product-collections", "collection_type", ProductCollection.CollectionType),
    ],
)
def test_documented_choices_are_listed_and_enforced(api_client, channel, path, field, choices):
    url = f"/api/v1/remote/{channel.pk}/data-warehouse/campaigns/{path}/"
    values = [value for value, _ in getattr(choices, "choices", choices)]
    described = api_client.options(url).json()["actions"]["GET"][field]["choices"]
    assert [choice["value"] for choice in described] == values
    assert api_client.get(url, {field: values[-1]}).status_code == 200
    response = api_client.get(url, {field: "no-such-choice"})
    assert response.status_code == 400 and field in response.json()


def test_documented_choice_lists():
    assert Condition.ConditionType.values == ["distinct", "quantity", "amount", "query"]
    assert Benefit.BenefitType.values == [
        "multibuy",
        "percentage",
        "fixed",
        "shipping_free",
        "point",
        "coupon",
        "voucher",
        "sample_product",
        "loyalty_point",
    ]
    assert BasketOffer.OfferType.values == [
        "sitewide",
        "coupon",
        "coupon_code",
        "voucher_code",
        "bulk_voucher_code",
        "bulk_coupon",
    ]
    assert [value for value, _ in BasketOffer._meta.get_field("status").choices] == [
        "active",
        "passive",
        "used",
    ]
    assert ProductCollection.CollectionType.values == ["dynamic", "static"]


def test_conditions_and_benefits_filter_by_type_and_collection(api_client, channel):
    collection = ProductCollectionFactory(channel=channel)
    amount = ConditionFactory(channel=channel)
    quantity = ConditionFactory(channel=channel, condition_type="quantity", product_collection=collection)
    fixed = BenefitFactory(channel=channel, benefit_type="fixed", product_collection=collection)
    BenefitFactory(channel=channel)
    assert ids(api_client, "conditions", channel, condition_type="amount") == [amount.pk]
    assert ids(api_client, "conditions", channel, product_collection=collection.pk) == [quantity.pk]
    assert ids(api_client, "benefits", channel, benefit_type="fixed") == [fixed.pk]
    assert ids(api_client, "benefits", channel, product_collection=collection.pk) == [fixed.pk]


def test_kwargs_stay_json(api_client, channel):
    kwargs = {"price_type": "unit_price", "query": [["email_in", ["a@b.com"]]], "value": 3}
    condition = ConditionFactory(channel=channel, kwargs=kwargs)
    (row,) = get(api_client, "conditions", channel.pk, id=condition.pk)
    assert row["kwargs"] == kwargs


def test_basket_offers_filter_by_their_parts(api_client, channel):
    user = CustomerFactory(channel=channel)
    coupon = BasketOfferFactory(channel=channel, offer_type="coupon", status="used", user=user)
    voucher = BasketOfferFactory(channel=channel, offer_type="voucher_code", voucher_code="SUMMER")
    assert ids(api_client, "basket-offers", channel, status="used") == [coupon.pk]
    assert ids(api_client, "basket-offers", channel, offer_type="voucher_code") == [voucher.pk]
    assert ids(api_client, "basket-offers", channel, voucher_code="SUMMER") == [voucher.pk]
    assert ids(api_client, "basket-offers", channel, user=user.pk) == [coupon.pk]
    for part in ("promotion", "condition", "benefit"):
        assert ids(api_client, "basket-offers", channel, **{part: getattr(voucher, f"{part}_id")}) == [
            voucher.pk
        ]


def test_a_basket_offers_parts_are_built_in_its_channel(channel):
    offer = BasketOfferFactory(channel=channel)
    assert {offer.promotion.channel, offer.condition.channel, offer.benefit.channel} == {channel}


def test_basket_offer_datetimes_and_currencies(api_client, channel):
    offer = BasketOfferFactory(
        channel=channel,
        currencies=["eur", "try"],
        start_datetime="2022-01-17T10:04:29.208Z",
        end_datetime=None,
    )
    (row,) = get(api_client, "basket-offers", channel.pk, id=offer.pk)
    assert (row["currencies"], row["start_datetime"], row["end_datetime"]) == (
        ["eur", "try"],
        "2022-01-17T10:04:29.208000Z",
        None,
    )


def test_promotions_filter_by_slug(api_client, channel):
    promotion = PromotionFactory(channel=channel, slug="indirim-kodu")
    PromotionFactory(channel=channel)
    assert ids(api_client, "promotions", channel, slug="indirim-kodu") == [promotion.pk]


def test_bulk_voucher_codes_filter_by_offer_order_discount_and_user(api_client, channel):
    offer = BasketOfferFactory(channel=channel, offer_type="bulk_voucher_code")
    fresh = BulkVoucherCodeFactory(basket_offer=offer, code="EA1C07BB3C")
    discount = DiscountItemFactory(channel=channel)
    user = CustomerFactory(channel=channel)
    used = BulkVoucherCodeFactory(
        channel=channel, status="used", order=discount.order, discount_item=discount, user=user
    )
    assert ids(api_client, "bulk-voucher-codes", channel, basket_offer=offer.pk) == [fresh.pk]
    assert ids(api_client, "bulk-voucher-codes", channel, code="EA1C07BB3C") == [fresh.pk]
    assert ids(api_client, "bulk-voucher-codes", channel, status="used") == [used.pk]
    assert ids(api_client, "bulk-voucher-codes", channel, order=discount.order_id) == [used.pk]
    assert ids(api_client, "bulk-voucher-codes", channel, discount_item=discount.pk) == [used.pk]
    assert ids(api_client, "bulk-voucher-codes", channel, user=user.pk) == [used.pk]
    (row,) = get(api_client, "bulk-voucher-codes", channel.pk, id=used.pk)
    assert (row["order"], row["discount_item"], row["user"]) == (discount.order_id, discount.pk, user.pk)


def test_session_offers_filter_by_status_type_and_code(api_client, channel):
    b2b = SessionOfferFactory(channel=channel, code="b2b-promotion", status="used")
    extension = SessionOfferFactory(channel=channel, type="extension", response={"discount": "10.00"})
    assert ids(api_client, "session-offers", channel, type="extension") == [extension.pk]
    assert ids(api_client, "session-offers", channel, status="used") == [b2b.pk]
    assert ids(api_client, "session-offers", channel, code="b2b-promotion") == [b2b.pk]
    (row,) = get(api_client, "session-offers", channel.pk, id=extension.pk)
    assert row["response"] == {"discount": "10.00"}


def test_loyalty_cards_filter_by_user_and_number(api_client, channel):
    card = LoyaltyCardFactory(channel=channel, number="00011111")
    other = LoyaltyCardFactory(channel=channel)
    assert card.user.channel == channel
    assert ids(api_client, "loyalty-cards", channel, user=card.user_id) == [card.pk]
    assert ids(api_client, "loyalty-cards", channel, number="00011111") == [card.pk]
    assert ids(api_client, "loyalty-cards", channel, user=other.user_id) == [other.pk]


def test_collection_items_filter_by_product_and_collection(api_client, channel):
    collection = ProductCollectionFactory(channel=channel)
    product = ProductFactory(channel=channel)
    first = ProductCollectionItemFactory(collection=collection)
    second = ProductCollectionItemFactory(collection=collection, product=product)
    elsewhere = ProductCollectionItemFactory(channel=channel, product=product)
    assert {first.product.channel, elsewhere.collection.channel} == {channel}
    assert ids(api_client, "product-collection-items", channel, collection=collection.pk) == [
        first.pk,
        second.pk,
    ]
    assert ids(api_client, "product-collection-items", channel, product=product.pk) == [
        second.pk,
        elsewhere.pk,
    ]


def test_collections_filter_by_type_activity_and_slug(api_client, channel):
    static = ProductCollectionFactory(channel=channel, slug="gruplu-urun-collection")
    dynamic = ProductCollectionFactory(
        channel=channel, collection_type="dynamic", is_active=False, expiration_date="2030-01-01T00:00:00Z"
    )
    assert ids(api_client, "product-collections", channel, collection_type="dynamic") == [dynamic.pk]
    assert ids(api_client, "product-collections", channel, is_active="true") == [static.pk]
    assert ids(api_client, "product-collections", channel, slug="gruplu-urun-collection") == [static.pk]
    (row,) = get(api_client, "product-collections", channel.pk, id=dynamic.pk)
    assert (row["expiration_date"], row["uuid"]) == ("2030-01-01T00:00:00.000000Z", str(dynamic.uuid))
