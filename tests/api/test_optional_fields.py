"""``include=modified_date``: change times on request for records documented without them."""

import pytest
from django.test import override_settings

from tests.datawarehouse.accounts.factories import EmailAddressFactory
from tests.datawarehouse.cms.factories import WidgetTypeFactory
from tests.datawarehouse.payments.factories import PosFactory
from tests.datawarehouse.social.factories import SocialAccountFactory
from tests.http import results

pytestmark = pytest.mark.django_db

RECORDS = {
    "account/email-addresses": EmailAddressFactory,
    "cms/widget-types": WidgetTypeFactory,
    "social-account/accounts": SocialAccountFactory,
    "payments/pos": PosFactory,
}


def url(channel, path):
    return f"/api/v1/remote/{channel.pk}/data-warehouse/{path}/"


@pytest.mark.parametrize("path", RECORDS)
@pytest.mark.parametrize("fast_path", [True, False], ids=["fast", "serializer"])
def test_include_appends_the_change_times_after_the_documented_fields(api_client, channel, path, fast_path):
    record = RECORDS[path](channel=channel)
    with override_settings(API_FAST_PATH=fast_path):
        (documented,) = results(api_client, url(channel, path))
        (with_change,) = results(api_client, url(channel, path), {"include": "modified_date"})
        (with_both,) = results(api_client, url(channel, path), {"include": "created_date,modified_date"})
    assert "modified_date" not in documented and "created_date" not in documented
    assert list(with_change) == [*documented, "modified_date"]
    assert list(with_both) == [*documented, "created_date", "modified_date"]
    record.refresh_from_db()
    assert with_change["modified_date"] == record.modified_date.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("path", RECORDS)
def test_a_client_can_sync_by_the_included_change_time(api_client, channel, path):
    first, second = RECORDS[path](channel=channel), RECORDS[path](channel=channel)
    params = {"include": "modified_date", "cursor": "", "sort": "modified_date"}
    rows = results(api_client, url(channel, path), params)
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    watermark = rows[0]["modified_date"]
    assert [
        r["id"] for r in results(api_client, url(channel, path), {**params, "modified_date__gt": watermark})
    ] == [second.pk]


def test_bad_include_values_and_endpoints_without_the_option_are_400(api_client, channel):
    response = api_client.get(url(channel, "cms/widget-types"), {"include": "name"})
    assert response.status_code == 400
    assert "modified_date" in response.json()["include"][0]
    response = api_client.get(url(channel, "campaigns/promotions"), {"include": "modified_date"})
    assert response.status_code == 400
    assert "include" in response.json()


def test_options_stay_as_documented_and_the_schema_offers_include(api_client, channel):
    options = api_client.options(url(channel, "cms/widget-types")).json()
    assert "modified_date" not in options["actions"]["GET"]
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/remote/{channel_id}/data-warehouse/cms/widget-types/"]["get"]
    (include,) = [p for p in operation["parameters"] if p["name"] == "include"]
    assert "modified_date" in include["schema"]["enum"]
    promotions = schema["paths"]["/api/v1/remote/{channel_id}/data-warehouse/campaigns/promotions/"]["get"]
    assert "include" not in {p["name"] for p in promotions["parameters"]}
