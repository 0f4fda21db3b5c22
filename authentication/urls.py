"""Sign-in routes under ``/api/v1/auth/``; each answers with and without its trailing slash."""

from django.urls import re_path

from authentication.views import LoginView, LogoutView

urlpatterns = [
    re_path(r"^login/?$", LoginView.as_view(), name="auth-login"),
    re_path(r"^logout/?$", LogoutView.as_view(), name="auth-logout"),
]
