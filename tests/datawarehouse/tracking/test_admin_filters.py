"""The logs' content-type filter in the admin offers each type a log can record once, by a label
that tells it apart (datawarehouse/tracking/admin.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from authentication.models import APIToken
from sales_channels.models import Channel
from tests.datawarehouse.tracking.factories import (
    AuditEventFactory,
    DeletedItemFactory,
    TrackedContentTypeFactory,
)

pytestmark = pytest.mark.django_db


class ChannelProxy(Channel):
    """A proxy named as its concrete model, as authtoken's TokenProxy was (a second "Auth Token | Token")."""

    class Meta:
        proxy = True
        app_label = "sales_channels"
        verbose_name = Channel._meta.verbose_name


def content_type_choices(admin_client, changelist: str) -> dict[str, str]:
    """The content-type filter's choices on ``changelist``: label → query string."""
    response = admin_client.get(changelist)
    assert response.status_code == 200
    changelist = response.context["cl"]
    (spec,) = [spec for spec in changelist.filter_specs if spec.title == "content type"]
    # Less "All" and the empty choice (events about no object) that Django adds around them.
    choices = [choice for choice in spec.choices(changelist) if choice["display"] not in ("All", "-")]
    labels = [choice["display"] for choice in choices]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
    return {choice["display"]: choice["query_string"] for choice in choices}


@pytest.mark.parametrize("changelist", ["/admin/dw_tracking/auditevent/", "/admin/dw_tracking/deleteditem/"])
def test_each_content_type_is_offered_once_and_a_proxy_not_at_all(admin_client, changelist):
    akinon_type = TrackedContentTypeFactory(app_label="products", model="product")
    concrete, proxy = ContentType.objects.get_for_models(
        Channel, ChannelProxy, for_concrete_models=False
    ).values()
    assert str(concrete) == str(proxy)  # what Django's own filter showed twice
    choices = content_type_choices(admin_client, changelist)
    assert f"content_type__id__exact={concrete.pk}" in choices[str(concrete)]
    assert not [query for query in choices.values() if f"content_type__id__exact={proxy.pk}" in query]
    # A type with no model here reads as app label and model, not the model name alone.
    assert f"content_type__id__exact={akinon_type.pk}" in choices["products | product"]
    assert list(choices) == sorted(choices, key=str.casefold)


def test_the_filter_selects_the_events_of_its_type(admin_client):
    token_type = ContentType.objects.get_for_model(APIToken)
    about_a_token = AuditEventFactory(content_type=token_type)
    AuditEventFactory()  # about a channel
    query = content_type_choices(admin_client, "/admin/dw_tracking/auditevent/")["Signing in | API token"]
    response = admin_client.get(f"/admin/dw_tracking/auditevent/{query}")
    assert [event.pk for event in response.context["cl"].result_list] == [about_a_token.pk]


def test_deleted_items_of_a_type_are_selected_too(admin_client):
    token_type = ContentType.objects.get_for_model(APIToken)
    deleted_token = DeletedItemFactory(content_type=token_type)
    DeletedItemFactory()
    query = content_type_choices(admin_client, "/admin/dw_tracking/deleteditem/")["Signing in | API token"]
    response = admin_client.get(f"/admin/dw_tracking/deleteditem/{query}")
    assert [item.pk for item in response.context["cl"].result_list] == [deleted_token.pk]
