"""Content types carry a change time, whoever creates or renames them (section 38)."""

import datetime

import pytest
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.state import ProjectState

from api.sync.stamping import chosen_timestamps
from datawarehouse.tracking.models import TrackedContentType
from tests.http import results

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def served(client, channel, **params):
    return results(
        client, f"/api/v1/remote/{channel.pk}/data-warehouse/content-types/", {"page_size": 1000, **params}
    )


def test_every_content_type_is_served_under_every_channel(api_client, channel):
    from tests.factories import ChannelFactory

    rows = served(api_client, channel)
    assert sorted(row["id"] for row in rows) == sorted(ContentType.objects.values_list("pk", flat=True))
    assert served(api_client, ChannelFactory()) == rows


def test_a_content_type_made_by_django_gets_its_change_time(api_client, channel):
    created = ContentType.objects.create(app_label="shop", model="banner")
    rows = served(api_client, channel, modified_date=datetime.date.today().isoformat(), app_label="shop")
    assert rows == [{"id": created.pk, "app_label": "shop", "model": "banner"}]


def test_a_rename_is_a_change(api_client, channel):
    content_type = ContentType.objects.create(app_label="shop", model="banner")
    with chosen_timestamps():
        TrackedContentType.objects.filter(pk=content_type.pk).update(modified_date=PAST)
    assert served(api_client, channel, app_label="shop", modified_date__gt="2024-01-01") == []
    content_type.model = "slide"
    content_type.save()
    rows = served(api_client, channel, app_label="shop", modified_date__gt="2024-01-01")
    assert rows == [{"id": content_type.pk, "app_label": "shop", "model": "slide"}]


def test_a_rename_made_by_a_migration_is_a_change(api_client, channel):
    """Migrations rename content types through their historical ContentType model."""
    content_type = ContentType.objects.create(app_label="shop", model="banner")
    with chosen_timestamps():
        TrackedContentType.objects.filter(pk=content_type.pk).update(modified_date=PAST)
    historical = ProjectState.from_apps(global_apps).apps.get_model("contenttypes", "ContentType")
    renamed = historical.objects.get(pk=content_type.pk)
    renamed.model = "slide"
    renamed.save(update_fields=["model"])
    assert TrackedContentType.objects.get(pk=content_type.pk).modified_date > PAST


def test_migrate_gives_content_types_made_in_bulk_their_change_time(api_client, channel):
    """``migrate`` bulk-creates content types without signals; its post_migrate fills in the rest."""
    content_type = ContentType.objects.create(app_label="shop", model="banner")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TrackedContentType._meta.db_table} WHERE contenttype_ptr_id = %s",
            [content_type.pk],
        )
    assert served(api_client, channel, app_label="shop") == []
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert served(api_client, channel, app_label="shop") == [
        {"id": content_type.pk, "app_label": "shop", "model": "banner"}
    ]
