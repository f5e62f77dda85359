"""Serving a file with HTTP range requests (RFC 9110, section 14), so that a browser's
``<audio>`` can seek without fetching the whole recording first.

One range per request is served (``bytes=500-999``, ``bytes=500-``, ``bytes=-500``);
a header this does not understand, or several ranges, gets the whole file, which the
RFC allows. A range that starts past the end gets 416 with the file's size.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_SINGLE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """``(first, last)`` inclusive for a satisfiable single range; ``None`` to serve the
    whole file; ``False`` when the range cannot be satisfied."""
    if not header:
        return None
    match = _SINGLE_RANGE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return False
    return start, end


def _read(file, start: int, length: int):
    try:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


def ranged_file_response(request, file, *, size: int, content_type: str) -> HttpResponse:
    """The whole ``file`` (200) or the one range the request asks for (206)."""
    wanted = byte_range(request.headers.get("Range"), size)
    if wanted is False:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(file, content_type=content_type)
    else:
        start, end = wanted
        length = end - start + 1
        response = StreamingHttpResponse(
            _read(file, start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    return response


def private_audio_response(request, field_file, *, content_type: str) -> HttpResponse:
    """A stored audio file for one person's ears: played in place, ranged for seeking,
    never kept by a shared cache and never sniffed into another type."""
    response = ranged_file_response(
        request, field_file.open("rb"), size=field_file.size, content_type=content_type
    )
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
