"""API tokens kept like secrets: only a SHA-256 digest of each key is stored.

A key is ``akr_`` and 40 random letters and digits (238 bits): the prefix lets
secret scanners recognise a leaked key, and a key that random needs no salt or
slow hash, so it is found by its digest's unique index. The key itself is shown
once, when it is made (``APIToken.objects.mint``); afterwards a token is known
by its name, its non-secret display prefix and its dates.
"""

import hashlib
import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "akr_"
KEY_ALPHABET = string.ascii_letters + string.digits
KEY_LENGTH = len(KEY_PREFIX) + 40
# Keys issued by DRF's authtoken before the migration (0002): 40 hex digits.
LEGACY_KEY_LENGTH = 40
# What the admin and the security log show of a key: the scheme's prefix and 6 characters.
DISPLAY_LENGTH = len(KEY_PREFIX) + 6


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH - len(KEY_PREFIX)))


class APITokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that have not expired (they may still belong to an inactive user)."""
        return self.filter(models.Q(expires__isnull=True) | models.Q(expires__gt=timezone.now()))

    def expired(self):
        return self.filter(expires__lte=timezone.now())

    def mint(self, user, name: str, expires=None, sign_in: bool = False, key=None) -> tuple["APIToken", str]:
        """A new token and its key (``key``, or a new one), which is not stored: the caller shows it once."""
        key = key or new_key()
        token = self.create(
            user=user,
            name=name,
            expires=expires,
            sign_in=sign_in,
            digest=digest(key),
            prefix=key[:DISPLAY_LENGTH],
        )
        return token, key


class APIToken(models.Model):
    """One key of a user: several per user (one per job, or per sign-in), each named, each revocable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64, help_text="What uses the key, e.g. the job's name.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=DISPLAY_LENGTH, editable=False, help_text="The key's first characters."
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField(null=True, blank=True, help_text="Empty: never.")
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    sign_in = models.BooleanField(default=False, editable=False, help_text="Issued by POST auth/login/.")
    legacy = models.BooleanField(
        default=False, editable=False, help_text="Issued before keys were hashed: rotate it."
    )

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="api_token_name_per_user")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()
