"""Tokens in the admin: DRF's token admin, made fit for many users.

rest_framework.authtoken registers ``TokenProxy`` (keys listed, searchable by
username, deleted to revoke); this replaces its user select box, one option
per user, with a raw id field, and also searches by email.
"""

from django.contrib import admin
from rest_framework.authtoken import admin as authtoken_admin
from rest_framework.authtoken.models import TokenProxy

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(authtoken_admin.TokenAdmin):
    raw_id_fields = ("user",)
    search_fields = ("user__username", "user__email")
    search_help_text = "Username or email"
