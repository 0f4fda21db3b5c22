"""Order transactions (section 12), discount items (section 13) and benefit applicants (section 14)."""

import pytest

from tests.datawarehouse.orders.factories import (
    BenefitApplicantFactory,
    DiscountItemFactory,
    OrderFactory,
    OrderItemFactory,
    TransactionFactory,
)
from tests.docs import by_id, documented
from tests.http import results

pytestmark = pytest.mark.django_db


def get(api_client, path, channel_id=1, **params):
    return results(api_client, f"/api/v1/remote/{channel_id}/data-warehouse/orders/{path}/", params)


def ids(api_client, path, channel, **params):
    return [row["id"] for row in get(api_client, path, channel.pk, sort="id", **params)]


@pytest.mark.parametrize(
    "path, doc",
    [
        ("transactions", "dw_order_transactions"),
        ("discount-items", "dw_order_discount_items"),
        ("benefit-applicants", "dw_order_benefit_applicants"),
    ],
)
def test_documented_records_come_back_as_documented(api_client, docs_examples, path, doc):
    expected = by_id(documented(doc)["results"])
    rows = by_id(get(api_client, path, page_size=100))
    assert {pk: rows[pk] for pk in expected} == expected


def test_transactions_filter_by_order_user_pos_type_and_outcome(api_client, channel):
    order = OrderFactory(channel=channel)
    failed = TransactionFactory(order=order, is_succeeded=False)
    paid = TransactionFactory(order=order, pos=failed.pos)
    redirect = TransactionFactory(channel=channel, order=None, user=None, transaction_type="redirect")
    assert ids(api_client, "transactions", channel, order=order.pk) == [failed.pk, paid.pk]
    assert ids(api_client, "transactions", channel, user=order.user_id) == [failed.pk, paid.pk]
    assert ids(api_client, "transactions", channel, pos=failed.pos_id) == [failed.pk, paid.pk]
    assert ids(api_client, "transactions", channel, is_succeeded="false") == [failed.pk]
    assert ids(api_client, "transactions", channel, transaction_type="redirect") == [redirect.pk]
    row = get(api_client, "transactions", channel.pk, id=redirect.pk)[0]
    assert (row["order"], row["user"], row["main_pos"]) == (None, None, None)


def test_discount_items_and_applicants_filter_by_their_links(api_client, channel):
    order = OrderFactory(channel=channel)
    discount = DiscountItemFactory(order=order)
    first, second = OrderItemFactory(order=order), OrderItemFactory(order=order)
    applicants = [
        BenefitApplicantFactory(discount_item=discount, order_item=item) for item in (first, second)
    ]
    other = BenefitApplicantFactory(channel=channel)
    assert ids(api_client, "discount-items", channel, order=order.pk) == [discount.pk]
    assert ids(api_client, "discount-items", channel, conditional_offer=discount.conditional_offer_id) == [
        discount.pk
    ]
    assert ids(api_client, "discount-items", channel, session_offer=1) == []
    assert ids(api_client, "benefit-applicants", channel, discount_item=discount.pk) == [
        applicant.pk for applicant in applicants
    ]
    assert ids(api_client, "benefit-applicants", channel, order_item=second.pk) == [applicants[1].pk]
    assert other.order_item.order_id == other.discount_item.order_id != order.pk


@pytest.mark.parametrize(
    "path, factory, link",
    [
        ("transactions", TransactionFactory, "order"),
        ("discount-items", DiscountItemFactory, "order"),
        ("benefit-applicants", BenefitApplicantFactory, "discount_item"),
    ],
)
def test_another_channels_rows_filter_to_nothing(api_client, channel, path, factory, link):
    mine, theirs = factory(channel=channel), factory()
    link_id = getattr(theirs, f"{link}_id")
    assert ids(api_client, path, channel) == [mine.pk]
    assert ids(api_client, path, channel, **{link: link_id}) == []
    assert ids(api_client, path, theirs.channel, **{link: link_id}) == [theirs.pk]
