"""The Django admin, with its sign-in limited like the API's.

The admin's login form is another way to guess a staff password, so it counts
attempts per address and per username with the API login's own throttles and
counters (authentication/throttling.py): ten tries at the admin and ten at the
API are not twenty. Installed as the ``admin`` app in place of
``django.contrib.admin`` (``INSTALLED_APPS``), the documented way to replace
the default site.
"""

import math

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpResponse

from authentication.throttling import LoginAddressThrottle, LoginUsernameThrottle


class ThrottledAdminSite(admin.AdminSite):
    """The default admin site, whose login answers 429 with ``Retry-After`` beyond the sign-in rates."""

    def login(self, request, extra_context=None):
        if request.method == "POST":
            # Every throttle counts the attempt, as DRF's check_throttles does, before any refuses it.
            throttles = [LoginAddressThrottle(), LoginUsernameThrottle()]
            waits = [
                throttle.wait() or 1 for throttle in throttles if not throttle.allow_request(request, None)
            ]
            if waits:
                wait = math.ceil(max(waits))
                return HttpResponse(
                    f"Too many sign-in attempts. Try again in {wait} seconds.\n",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": str(wait)},
                )
        return super().login(request, extra_context)


class ThrottledAdminConfig(AdminConfig):
    default_site = "authentication.admin_site.ThrottledAdminSite"
