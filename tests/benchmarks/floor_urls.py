"""The service's URLs and two views that do nothing, for ``pages.py``'s floors (never served otherwise).

``plain/`` is a Django view returning a fixed JSON body through the whole middleware chain (what
any view of this project pays before its own work); ``drf/`` is a DRF view with no authentication,
permission or throttle, rendered by the project's JSON renderer (what any DRF list adds to that).
"""

from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as service

EMPTY_PAGE = {"next": None, "results": []}


def plain(request):
    return HttpResponse(b'{"next":null,"results":[]}', content_type="application/json")


class Bare(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def get(self, request):
        return Response(EMPTY_PAGE)


urlpatterns = [path("floor/plain/", plain), path("floor/drf/", Bare.as_view()), *service]
