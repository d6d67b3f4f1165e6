"""HTTP range requests (RFC 9110 §14) for files in Django's storage, so audio players
can seek. Django's FileResponse always sends the whole file."""

import re

from django.http import Http404, HttpResponse, StreamingHttpResponse

_RANGE_RE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$", re.ASCII)
BLOCK = 64 * 1024
# More digits than any file's size can have: such a number is "past the end" without
# being converted (Python refuses int() of very long digit strings).
MAX_DIGITS = 18


def parse_range(header, size):
    """(start, end) inclusive for a single byte range, None to send the whole file, or
    "unsatisfiable" (416).

    Never raises, whatever the header. Ignored (the whole file): no header, another
    unit, several ranges, and anything that is not a byte range (`bytes=-`, negative
    numbers, garbage), as RFC 9110 §14.2 allows. Unsatisfiable: a well-formed range
    that starts at or past the end, ends before it starts, or asks for the last 0
    bytes."""
    if not header:
        return None
    match = _RANGE_RE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None  # "bytes=-" names no range
    if first == "":  # the last N bytes (all of them when N is longer than the file)
        length = int(last) if len(last) <= MAX_DIGITS else size
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    if len(first) > MAX_DIGITS:
        return "unsatisfiable"
    start = int(first)
    end = int(last) if last and len(last) <= MAX_DIGITS else size - 1
    if start >= size or (last and end < start):
        return "unsatisfiable"
    return start, min(end, size - 1)


def _stream(file, start, length):
    try:
        file.seek(start)
        remaining = length
        while remaining > 0:
            data = file.read(min(BLOCK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        file.close()


def ranged_file_response(request, storage, name, content_type, *, filename=None, etag=None):
    """A 200, 206 or 416 response for `name` in `storage`, honouring a Range header."""
    try:
        size = storage.size(name)
    except OSError as error:  # the row outlived its file
        raise Http404 from error
    if etag and request.headers.get("If-Range") not in (None, etag):
        byte_range = None  # the file changed since the client's partial copy
    else:
        byte_range = parse_range(request.headers.get("Range"), size)
    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = byte_range or (0, size - 1)
    length = max(0, end - start + 1)
    if request.method == "HEAD":
        response = HttpResponse(status=206 if byte_range else 200)
    else:
        response = StreamingHttpResponse(
            _stream(storage.open(name, "rb"), start, length), status=206 if byte_range else 200
        )
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    if etag:
        response["ETag"] = etag
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
