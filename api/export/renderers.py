"""The whole-table exports' renderers, NDJSON and Parquet: formats a list is streamed in.

They are chosen like any renderer (``?format=ndjson|parquet`` or the ``Accept`` header), and
are not among the documented renders (api/pages/renderers.py has those).
"""

import orjson
from django.utils.encoding import force_str
from rest_framework.renderers import BaseRenderer

from api.pages.renderers import ORJSONRenderer

# What an NDJSON export ends with when the database fails mid-stream: a line no JSON parser
# accepts and no newline, so that even a client that ignores the broken chunked body (the
# server stops without its last chunk) cannot take the rows it has for the whole export.
BROKEN_LINE = b'{"detail": "The export broke off (database error): resume from the last complete line."'


class StreamRenderer(BaseRenderer):
    """A whole-table export's format, chosen by ``?format=`` or ``Accept`` like the others.

    The export itself never goes through :meth:`render`: :mod:`api.export.streams` streams
    :meth:`stream`'s bytes. What is rendered is an error or ``OPTIONS``, and stays JSON.
    """

    charset = None
    streams = True

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = ORJSONRenderer.media_type
        return ORJSONRenderer().render(data)

    def stream(self, chunks, serializer_class):
        """The export's body from ``chunks`` (lists of served rows), piece by piece."""
        raise NotImplementedError


class NDJSONRenderer(StreamRenderer):
    """One row per line, each the exact bytes a JSON page's ``results`` holds for it."""

    media_type = "application/x-ndjson"
    format = "ndjson"

    def stream(self, chunks, serializer_class):
        option = orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE
        dumps = orjson.dumps
        try:
            for rows in chunks:
                yield b"".join([dumps(row, default=force_str, option=option) for row in rows])
        except Exception:
            yield BROKEN_LINE
            raise


class ParquetRenderer(StreamRenderer):
    """One Parquet file, a row group per chunk, its schema from the serializer (api/export/parquet.py)."""

    media_type = "application/vnd.apache.parquet"
    format = "parquet"

    def stream(self, chunks, serializer_class):
        # pyarrow is imported by the first Parquet export, not by every worker at start-up.
        from api.export.parquet import parquet_file

        return parquet_file(chunks, serializer_class)
