"""Audit events (section 49): who wrote what through the admin, when and from where, secrets masked."""

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from datawarehouse.tracking.models import AuditEvent
from datawarehouse.tracking.signals import owner_channel_id

MASK = "********"
# Names of values never stored: passwords, tokens, keys, signatures, credentials, cookies.
SECRET_NAME = re.compile(
    r"passw|passphrase|passcode|secret|token|signature|credential|authorization|cookie|csrf"
    r"|(^|[-_ ])(api[-_ ]?|private[-_ ]?|access[-_ ])?key($|[-_ ])",
    re.IGNORECASE,
)


def mask(data):
    """``data`` with the value of every secret-named key replaced by :data:`MASK`, at any depth."""
    if isinstance(data, dict):
        return {key: MASK if SECRET_NAME.search(str(key)) else mask(value) for key, value in data.items()}
    if isinstance(data, list):
        return [mask(item) for item in data]
    return data


def query_dict(query) -> dict:
    """A QueryDict as plain JSON: one value as itself, repeated values as a list."""
    return {key: values[0] if len(values) == 1 else values for key, values in query.lists()}


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def object_data(obj) -> dict:
    """The record's columns as JSON (foreign keys as ids), parent tables' included."""
    values = {field.name: field.value_from_object(obj) for field in obj._meta.concrete_fields}
    return json.loads(json.dumps(values, cls=_Encoder))


def user_summary(user) -> dict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return {
        "pk": user.pk,
        "email": getattr(user, "email", ""),
        "first_name": getattr(user, "first_name", ""),
        "last_name": getattr(user, "last_name", ""),
    }


def record_admin_write(sender, request, objects, action: str, message: str, **kwargs):
    """One audit event per object an admin request added, changed or (about to) delete(d).

    The receiver of ``api.admin.base.admin_write``, connected in apps.py.
    """
    now = timezone.now()
    request_part = {
        "user": user_summary(request.user),
        "timestamp": now,
        "remote_addr": request.META.get("REMOTE_ADDR") or None,
        # The query string is stored apart, masked: it may carry secrets.
        "url": request.build_absolute_uri(request.path),
        "query_params": mask(query_dict(request.GET)),
        "post_data": mask(query_dict(request.POST)),
        "headers": mask(dict(request.headers)),
    }
    events = [
        AuditEvent(
            **request_part,
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            content={
                "request_method": request.method,
                "action": action,
                "change_message": message,
                "object_data": mask(object_data(obj)),
                "client_type": "admin",
                "request_datetime": now.isoformat(),
                "browser_agent": request.headers.get("User-Agent", ""),
            },
            content_type=ContentType.objects.get_for_model(obj),
            channel_id=owner_channel_id(obj),
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events)
