"""The router every API's URL map is declared with."""

from rest_framework.routers import SimpleRouter


class Router(SimpleRouter):
    """Routes that answer with and without a trailing slash, without redirecting."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"
