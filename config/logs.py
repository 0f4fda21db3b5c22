"""The logging configuration: plain text (the default) or one JSON object per line (``LOG_FORMAT=json``).

In JSON mode ``api.requests`` writes one line per request (api/ops/request_log.py), and
``authentication.security`` one per token created or revoked; in text mode both stay quiet,
because gunicorn's access log already has a line per request and the admin's history every
token's.
"""

from django.core.exceptions import ImproperlyConfigured

FORMATS = ("text", "json")
QUIET_IN_TEXT = ("api.requests", "authentication.security")


def logging_config(log_format: str, level: str) -> dict:
    if log_format not in FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}.")
    as_json = log_format == "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.ops.request_log.RequestIdFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            }
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                **({"formatter": "json"} if as_json else {}),
            }
        },
        # The request log, and the security log of tokens (authentication/security_log.py).
        "loggers": {name: {"level": "INFO" if as_json else "WARNING"} for name in QUIET_IN_TEXT},
        "root": {"handlers": ["console"], "level": level},
    }
