"""The project's URL map with one more API route, the active user's view without throttles (given
to ``as_view``, as a route may), for the rate limit's tests."""

from django.urls import path

from authentication.views import ActiveUserView
from config.urls import handler500  # noqa: F401 (the JSON 500)
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/unthrottled/active_user", ActiveUserView.as_view(throttle_classes=[])),
    *project_urlpatterns,
]
