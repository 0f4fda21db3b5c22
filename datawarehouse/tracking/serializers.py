"""Sections 38, 39, 44, 47, 48 and 49: fields in the order of the documented examples."""

import json

from rest_framework import serializers
from reversion.models import Revision, Version

from api.serializers import ModelSerializer
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect, DeletedItem, TrackedContentType


class ContentTypeSerializer(ModelSerializer):
    # The content type's own id (the parent table's key, which ModelSerializer leaves out).
    id = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrackedContentType
        fields = ["id", "app_label", "model"]


class RedirectSerializer(ModelSerializer):
    # The redirect's own id (the parent table's key, which ModelSerializer leaves out).
    id = serializers.IntegerField(read_only=True)

    class Meta:
        model = ChannelRedirect
        fields = ["id", "old_path", "new_path", "site"]


class DeletedItemSerializer(ModelSerializer):
    class Meta:
        model = DeletedItem
        fields = ["id", "object_id", "deleted_date", "content_type"]


class RevisionSerializer(ModelSerializer):
    class Meta:
        model = Revision
        fields = ["id", "date_created", "comment", "user"]


class SerializedDataField(serializers.JSONField):
    """django-reversion's serialization as data, as the documentation shows it (it stores JSON as text)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, version):
        if version.format == "json":
            return json.loads(version.serialized_data)
        return version.serialized_data


class VersionSerializer(ModelSerializer):
    serialized_data = SerializedDataField()

    class Meta:
        model = Version
        fields = [
            "id",
            "object_id",
            "db",
            "format",
            "serialized_data",
            "object_repr",
            "revision",
            "content_type",
        ]


class AuditEventSerializer(ModelSerializer):
    class Meta:
        model = AuditEvent
        # ``id`` leads, as the field table lists it (the example omits it): the id filters and
        # incremental extraction need it.
        fields = [
            "id",
            "uuid",
            "user",
            "timestamp",
            "remote_addr",
            "url",
            "query_params",
            "post_data",
            "headers",
            "object_id",
            "content",
            "content_type",
        ]
