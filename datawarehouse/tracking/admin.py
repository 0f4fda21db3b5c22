"""Redirects are edited per channel; deleted items and audit events are logs, shown read-only."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect

from api.admin.base import ReportingAdmin
from datawarehouse.tracking.models import AuditEvent, ChannelRedirect, DeletedItem

# A redirect is created with its channel (ChannelRedirect), never bare: one admin for redirects.
admin.site.unregister(Redirect)


@admin.register(ChannelRedirect)
class ChannelRedirectAdmin(ReportingAdmin):
    list_display = ("id", "old_path", "new_path", "site", "channel", "modified_date")
    list_filter = ("channel", "site")
    search_fields = ("old_path", "new_path")
    list_select_related = ("site", "channel")


def content_type_label(content_type: ContentType) -> str:
    """A content type's label, as Django's ("App | model", in words), except that a type with no
    model here (the documented examples' Akinon types) shows its app label beside its model name."""
    if content_type.model_class() is None:
        return f"{content_type.app_label} | {content_type.model}"
    return str(content_type)


class RecordedContentTypeFilter(admin.RelatedFieldListFilter):
    """The content types a log can record, each once, by label.

    A log records a model's concrete content type (``get_for_model``), so a proxy model's own type
    would match no row; and it may read as its concrete model's (DRF authtoken's TokenProxy was a
    second "Auth Token | Token"), so it is left out.
    """

    def field_choices(self, field, request, model_admin):
        recordable = (
            content_type
            for content_type in ContentType.objects.all()
            if content_type.model_class() is None or not content_type.model_class()._meta.proxy
        )
        return sorted(
            ((content_type.pk, content_type_label(content_type)) for content_type in recordable),
            key=lambda choice: choice[1].casefold(),
        )


class LogAdmin(ReportingAdmin):
    """A log's rows are evidence: viewed, never added, edited or deleted here."""

    readonly_fields = ()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeletedItem)
class DeletedItemAdmin(LogAdmin):
    list_display = ("id", "content_type", "object_id", "deleted_date", "channel")
    list_filter = ("channel", ("content_type", RecordedContentTypeFilter))
    search_fields = ("object_id",)
    date_hierarchy = "deleted_date"
    list_select_related = ("content_type", "channel")


@admin.register(AuditEvent)
class AuditEventAdmin(LogAdmin):
    # The address, like the whole snapshot, is on the event's page (and searchable): the list fits.
    list_display = ("id", "timestamp", "user_email", "url", "content_type", "object_id", "channel")
    list_filter = ("channel", ("content_type", RecordedContentTypeFilter))
    search_fields = ("uuid", "url", "remote_addr")
    date_hierarchy = "timestamp"
    list_select_related = ("content_type", "channel")

    @admin.display(description="user")
    def user_email(self, event):
        # The whole snapshot (pk, email, names) is on the event's page; a list needs one word.
        return (event.user or {}).get("email") or "-"
