"""gzip that costs less than the page it compresses: ISA-L's deflate instead of zlib's.

Django's GZipMiddleware compresses at zlib's level 6: 4.6 ms for a 1000-row page
here (250 KB to 45 KB), about a third of the page's whole time, paid on every page
by every client that sends ``Accept-Encoding: gzip``, as requests (and so dlt and
Airbyte) does unless told otherwise. zlib's level 1 still took 1.3 ms (to 53 KB),
15% of a cursor page's time in a profile of the worker; ISA-L (``isal``, Intel's
igzip, the same gzip format) takes 0.3 ms at its level 1, for 49 KB. ``GZIP_LEVEL``
chooses ISA-L's level, 1 to 3 (0 compresses nothing, for a proxy that compresses
itself). Everything else is Django's: which responses qualify, ``Vary``, weak ETags,
and the random file name in the gzip header that varies the length against BREACH. A
streamed export is compressed the same way, chunk by chunk (:func:`compress_stream`).
"""

import gzip
import secrets
import struct

from django.conf import settings
from django.middleware import gzip as django_gzip
from django.utils.cache import patch_vary_headers
from isal import igzip, isal_zlib

SHORTEST = 200  # bytes: Django's threshold; shorter responses are not worth compressing


class GZipMiddleware(django_gzip.GZipMiddleware):
    """Django's GZipMiddleware at ``settings.GZIP_LEVEL`` (see the module docstring)."""

    def process_response(self, request, response):
        if not settings.GZIP_LEVEL:
            return response
        if not response.streaming and len(response.content) < SHORTEST:
            return response
        if response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not django_gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        if response.streaming:
            response.streaming_content = compress_stream(
                response.streaming_content, settings.GZIP_LEVEL, self.max_random_bytes
            )
            del response.headers["Content-Length"]
        else:
            compressed = compress(response.content, settings.GZIP_LEVEL, self.max_random_bytes)
            if len(compressed) >= len(response.content):
                return response
            response.content = compressed
            response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


def gzip_header(max_random_bytes: int) -> bytes:
    """A gzip member's header: no time stamp, a file name of random length below ``max_random_bytes``."""
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes([0x1F, 0x8B, 8, gzip.FNAME, 0, 0, 0, 0, 0, 255]) + name


def compress(data: bytes, level: int, max_random_bytes: int) -> bytes:
    """``data`` gzipped at ``level``, with a file name of a random length below ``max_random_bytes``."""
    compressed = igzip.compress(data, compresslevel=level, mtime=0)
    return gzip_header(max_random_bytes) + compressed[10:]


def compress_stream(chunks, level: int, max_random_bytes: int):
    """The gzip of a stream, piece by piece: each chunk's deflate is flushed as it comes.

    So a client reads the rows sent so far, and memory holds one chunk; a stream that
    breaks off ends without the gzip trailer, which every gunzip reports as truncated.
    """
    deflate = isal_zlib.compressobj(level, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)
    crc, size = 0, 0
    yield gzip_header(max_random_bytes)
    for chunk in chunks:
        if chunk:
            crc, size = isal_zlib.crc32(chunk, crc), size + len(chunk)
            yield deflate.compress(chunk) + deflate.flush(isal_zlib.Z_SYNC_FLUSH)
    yield deflate.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF)
