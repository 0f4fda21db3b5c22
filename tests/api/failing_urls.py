"""A URL map with one view that fails, for the tests of what a server error logs."""

from django.urls import path

from config.urls import handler500  # noqa: F401 (the JSON 500 answer of the real URL map)


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails", fails)]
