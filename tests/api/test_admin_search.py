"""Admin search (api/admin_search.py): exact identifiers, related identifiers, substrings, through HTTP."""

import pytest

from tests.datawarehouse.orders.factories import OrderItemFactory
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
