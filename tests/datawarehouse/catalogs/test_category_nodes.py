"""Category nodes (section 45), through HTTP and the admin."""

import pytest
from django.test import Client

from datawarehouse.catalogs.models import CategoryNode
from tests.datawarehouse.catalogs.factories import CategoryNodeFactory
from tests.datawarehouse.cms.factories import PrettyUrlFactory
from tests.docs import by_id, documented
from tests.factories import UserFactory
from tests.http import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/remote/{channel}/data-warehouse/catalogs/category-nodes/"


def rows(client, channel=1, **params):
    return results(client, URL.format(channel=channel), {"page_size": 100, **params})


def test_documented_records_come_back_as_documented(api_client, docs_examples):
    expected = documented("dw_category_nodes")["results"]
    served = rows(api_client)
    assert [by_id(served)[row["id"]] for row in expected] == list(by_id(expected).values())


def test_documented_tree_is_consistent(docs_examples):
    """The documented nodes and their ancestors form a tree treebeard can keep adding to."""
    assert CategoryNode.objects.find_problems() == ([], [], [], [], [])
    swimwear = CategoryNode.objects.get(pk=9)
    assert [node.pk for node in CategoryNode.objects.get_ancestors(swimwear)] == [1, 2, 3]
    assert [node.pk for node in CategoryNode.objects.get_descendants(swimwear)] == [100, 166]
    added = CategoryNodeFactory(parent=CategoryNode.objects.get(pk=3))
    assert (added.path, added.depth, added.channel_id) == ("0001000100010006", 4, 1)


def test_nodes_added_through_treebeard_carry_path_depth_and_numchild(api_client, channel):
    root = CategoryNodeFactory(channel=channel)
    child = CategoryNodeFactory(parent=root)
    grandchild = CategoryNodeFactory(parent=child)
    sibling = CategoryNodeFactory(parent=root)
    served = {row["id"]: (row["path"], row["depth"], row["numchild"]) for row in rows(api_client, channel.pk)}
    base = root.path
    assert served == {
        root.pk: (base, 1, 2),
        child.pk: (base + "0001", 2, 1),
        grandchild.pk: (base + "00010001", 3, 0),
        sibling.pk: (base + "0002", 2, 0),
    }


def test_subtree_depth_and_tree_order(api_client, channel):
    root = CategoryNodeFactory(channel=channel)
    first = CategoryNodeFactory(parent=root)
    second = CategoryNodeFactory(parent=root)
    below_second = CategoryNodeFactory(parent=second)
    below_first = CategoryNodeFactory(parent=first)

    def ids(**params):
        return [row["id"] for row in rows(api_client, channel.pk, **params)]

    assert ids(path__startswith=first.path) == [first.pk, below_first.pk]
    assert ids(depth=2) == [first.pk, second.pk]
    assert ids(depth__lte=1) == [root.pk]
    assert ids(path=second.path) == [second.pk]
    assert ids(sort="path") == [root.pk, first.pk, below_first.pk, second.pk, below_second.pk]


def test_filter_by_pretty_url(api_client, channel):
    pretty_url = PrettyUrlFactory(channel=channel)
    node = CategoryNodeFactory(channel=channel, pretty_url=pretty_url)
    CategoryNodeFactory(channel=channel)
    assert [row["id"] for row in rows(api_client, channel.pk, pretty_url=pretty_url.pk)] == [node.pk]


def test_admin_lists_a_level_and_adds_a_child_by_parent_id(channel):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    root = CategoryNodeFactory(channel=channel, name="Women")
    CategoryNodeFactory(parent=root, name="Dresses")
    changelist = client.get("/admin/dw_catalogs/categorynode/")
    assert changelist.status_code == 200
    assert b"Women" in changelist.content and b"Dresses" not in changelist.content
    add_page = client.get("/admin/dw_catalogs/categorynode/add/")
    assert add_page.status_code == 200
    assert b'type="number" name="treebeard_ref_node"' in add_page.content
    response = client.post(
        "/admin/dw_catalogs/categorynode/add/",
        {
            "channel": channel.pk,
            "name": "Shoes",
            "order": 2,
            "uuid": "5f0c8a4e-2b1d-4c3e-9a8f-7e6d5c4b3a21",
            "attributes": "{}",
            "attributes_kwargs": "{}",
            "localized_attributes": "{}",
            "localized_attributes_kwargs": "{}",
            "treebeard_position": "first-child",
            "treebeard_ref_node": root.pk,
        },
    )
    assert response.status_code == 302, response.content
    shoes = CategoryNode.objects.get(name="Shoes")
    assert (shoes.depth, CategoryNode.objects.get_parent(shoes)) == (2, root)
    root.refresh_from_db()
    assert root.numchild == 2
