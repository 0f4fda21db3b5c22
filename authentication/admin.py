"""API tokens in the admin: listed by name, display prefix and dates, never by key.

A token added here is shown once, on the page that answers the add form (not
through the messages framework, whose storage would keep it); afterwards only
its prefix is. Deleting a token revokes it. Additions and deletions are in the
admin's history (Django's own) and the security log (security_log.py).
"""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

from authentication import security_log
from authentication.issuing import default_expiry
from authentication.models import DISPLAY_LENGTH, APIToken, digest, new_key

READ_ONLY = ("prefix", "created", "last_used", "sign_in", "legacy")


class TokenForm(forms.ModelForm):
    class Meta:
        model = APIToken
        fields = ["user", "name", "expires"]

    def clean(self):
        # The change form has no user field, so the model's (user, name) constraint is not checked there.
        cleaned = super().clean()
        user = self.instance.user if self.instance.pk else cleaned.get("user")
        name = cleaned.get("name")
        if user and name and user.api_tokens.filter(name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", f"{user.get_username()} already has a token named {name!r}.")
        return cleaned

    def clean_expires(self):
        expires = self.cleaned_data["expires"]
        if expires is not None and expires <= timezone.now() and "expires" in self.changed_data:
            raise forms.ValidationError("The expiry is in the past.")
        return expires


@admin.register(APIToken)
class TokenAdmin(admin.ModelAdmin):
    form = TokenForm
    list_display = ("name", "user", "prefix", "created", "expires", "last_used", "sign_in", "legacy")
    list_filter = ("sign_in", "legacy")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    search_fields = ("name", "prefix", "user__username", "user__email")
    search_help_text = "Name, key prefix, username or email"
    ordering = ("-created",)

    def get_readonly_fields(self, request, obj=None):
        return (*READ_ONLY, "user") if obj else ()

    def get_changeform_initial_data(self, request):
        return {"expires": default_expiry(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            key = new_key()
            obj.digest, obj.prefix = digest(key), key[:DISPLAY_LENGTH]
            request.new_api_key = key  # shown by response_add, never stored
        super().save_model(request, obj, form, change)
        if not change:
            security_log.record("created", [obj], via="the admin", actor=request.user, history=False)

    def response_add(self, request, obj, post_url_continue=None):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "token": obj}
        context["key"] = request.new_api_key
        return TemplateResponse(request, "admin/authentication/apitoken/key.html", context)

    def delete_model(self, request, obj):
        security_log.record("revoked", [obj], via="the admin", actor=request.user, history=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        security_log.record("revoked", list(queryset), via="the admin", actor=request.user, history=False)
        super().delete_queryset(request, queryset)
