"""Where ``SECRET_KEY`` comes from.

Production sets ``SECRET_KEY``: every worker signs admin sessions with the
same key. Without it the service starts only for development, when DEBUG is on
or the database is the embedded SQLite (``make run``, no ``DATABASE_URL``): it
then uses a key generated once into a file beside the database, so that every
process (runserver's reloader, gunicorn's workers) shares it and a restart
keeps admin sessions. Anywhere else a missing key stops the service at start,
rather than each worker making up its own.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key


def secret_key(configured: str, *, development: bool, key_file: Path) -> str:
    if configured:
        return configured
    if not development:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value, "
            "the same for every worker: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return read_or_create(key_file)


def read_or_create(key_file: Path) -> str:
    """The key in ``key_file``, written there first if there is none (readable by its owner only)."""
    if not key_file.exists():
        # Written aside and linked into place: concurrent first starts all end up with one key.
        draft = key_file.with_name(f"{key_file.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(get_random_secret_key())
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()
