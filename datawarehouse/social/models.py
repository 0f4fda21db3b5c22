"""Customers' sign-ins through other providers (section 37)."""

from django.db import models
from django.utils import timezone

from sales_channels.models import ChannelOwned


class SocialAccount(ChannelOwned):
    """A user's account at a sign-in provider (akifast, facebook, apple, …), as django-allauth keeps it.

    ``extra_data`` is the provider's profile document. The documented records
    hold it as a string (the Python repr of a dict, written by an older
    release); it is served as stored.
    """

    provider = models.CharField(max_length=200, help_text="akifast, facebook, apple, …")
    uid = models.CharField(max_length=191, help_text="The account's id at the provider.")
    last_login = models.DateTimeField(default=timezone.now)
    date_joined = models.DateTimeField(default=timezone.now)
    extra_data = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey("dw_accounts.User", on_delete=models.CASCADE, related_name="social_accounts")

    class Meta(ChannelOwned.Meta):
        # The accepted sorts besides id and modified_date.
        indexes = [
            *ChannelOwned.Meta.indexes,
            models.Index(fields=["channel", "date_joined", "id"]),
            models.Index(fields=["channel", "last_login", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["channel", "provider", "uid"], name="dw_social_account_uid"),
        ]

    def __str__(self):
        return f"{self.provider}: {self.uid}"
