"""Admin search (api/admin/search.py): exact identifiers, related identifiers, substrings, through HTTP."""

import pytest
from django.db import connection

from api.admin.search import search
from tests.contract.sort_plans import plan
from tests.datawarehouse.orders.factories import OrderFactory, OrderItemFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/dw_orders/orderitem/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def items():
    return [
        OrderItemFactory(tracking_number="TRK-ALPHA-1", product__sku="SKU-RED"),
        OrderItemFactory(tracking_number="TRK-BETA-2", product__sku="SKU-BLUE"),
        OrderItemFactory(tracking_number=None, product__sku="SKU-GREEN"),
    ]


def found(admin_client, term) -> set[int]:
    response = admin_client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {item.pk for item in response.context["cl"].result_list}


def test_an_id_matches_exactly(admin_client, items):
    assert found(admin_client, str(items[1].pk)) == {items[1].pk}


def test_a_related_identifier_matches_exactly_and_only_whole(admin_client, items):
    assert found(admin_client, items[2].order.number) == {items[2].pk}
    assert found(admin_client, "SKU-BLUE") == {items[1].pk}
    assert found(admin_client, "SKU-BL") == set()


def test_text_fields_match_a_piece_in_any_case(admin_client, items):
    assert found(admin_client, "alpha") == {items[0].pk}
    assert found(admin_client, "trk-") == {items[0].pk, items[1].pk}


def test_every_word_must_match_and_words_that_fit_no_field_find_nothing(admin_client, items):
    assert found(admin_client, "trk SKU-BLUE") == {items[1].pk}
    assert found(admin_client, "no-such-thing") == set()


def test_a_term_of_fewer_than_two_trigrams_matches_text_fields_as_a_prefix(admin_client, items):
    """``tr`` is in most rows' text somewhere; as a prefix it is a range of the prefix index."""
    other = OrderItemFactory(tracking_number="XTR-1", product__sku="SKU-TEAL")
    assert found(admin_client, "tr") == {items[0].pk, items[1].pk}
    assert found(admin_client, "T") == {items[0].pk, items[1].pk}
    assert found(admin_client, "xt") == {other.pk}
    assert found(admin_client, "rk-") == set()  # three letters: a prefix too
    assert found(admin_client, "xtr") == {other.pk}
    assert found(admin_client, "rk-a") == {items[0].pk}  # four: a substring


def test_a_short_term_is_a_range_of_the_prefix_index(items):
    """On PostgreSQL a B-tree on ``UPPER(tracking_number::text)`` answers it (SQLite has no such
    index, and reads its few rows in full)."""
    from datawarehouse.orders.models import OrderItem

    queryset = search(OrderItem, OrderItem.objects.all(), ["tracking_number"], "tr")
    assert "LIKE" in str(queryset.query).upper() and "%TR%" not in str(queryset.query).upper()
    text = plan(queryset, 50, prefer_indexes=True)
    if connection.vendor == "postgresql":
        assert "dw_orders_orderitem_tracking_number_prefix" in text, text
    assert {item.pk for item in queryset} == {items[0].pk, items[1].pk}


def test_an_order_number_matches_whole_as_the_identifier_it_is(admin_client):
    order = OrderFactory(number="1420830000000001")
    OrderFactory(number="1420830000000002")
    response = admin_client.get("/admin/dw_orders/order/", {"q": "1420830000000001"})
    assert [row.pk for row in response.context["cl"].result_list] == [order.pk]
    response = admin_client.get("/admin/dw_orders/order/", {"q": "830000000001"})
    assert order not in response.context["cl"].result_list
