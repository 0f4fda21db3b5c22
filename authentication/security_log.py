"""The service's security log of tokens: every creation and revocation, never a key or its digest.

Each is written twice: to the admin's history (Django's ``LogEntry``, shown on
the token's and the user's history pages) and to the ``authentication.security``
logger, whose lines carry the request id (``LOG_FORMAT=json``: one JSON object a
line). A token is named by its id, name and display prefix only. These are not
the data-warehouse audit events (datawarehouse/tracking), which are documented
records served to channel readers.
"""

import logging

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

logger = logging.getLogger("authentication.security")

ACTIONS = {"created": ADDITION, "expired": CHANGE, "revoked": DELETION}


def record(action: str, tokens, via: str, actor=None, history: bool = True) -> None:
    """Record that ``tokens`` were ``action`` ("created", "expired" or "revoked") ``via`` a path.

    ``actor`` is who did it (a command's tokens are their owner's); the admin writes its own history,
    so it passes ``history=False``.
    """
    for token in tokens:
        logger.info(
            "API token %s",
            action,
            extra={
                "event": f"token_{action}",
                "token_id": token.pk,
                "token_name": token.name,
                "token_prefix": token.prefix,
                "token_user_id": token.user_id,
                "actor_id": getattr(actor, "pk", None) or token.user_id,
                "via": via,
            },
        )
    if history and tokens:
        content_type = ContentType.objects.get_for_model(type(tokens[0]))
        LogEntry.objects.bulk_create(
            LogEntry(
                user_id=getattr(actor, "pk", None) or token.user_id,
                content_type=content_type,
                object_id=str(token.pk),
                object_repr=str(token)[:200],
                action_flag=ACTIONS[action],
                change_message=f"{action.capitalize()} by {via}.",
            )
            for token in tokens
        )
