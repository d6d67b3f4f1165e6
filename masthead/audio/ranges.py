"""HTTP range requests (RFC 9110 §14) for files in Django's storage, so audio players
can seek. Django's FileResponse always sends the whole file."""

import re

from django.http import Http404, HttpResponse, StreamingHttpResponse

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOCK = 64 * 1024


def parse_range(header, size):
    """(start, end) inclusive for a single-range header, None for no range or one we
    ignore (multiple ranges: the whole file is sent), or "unsatisfiable"."""
    if not header:
        return None
    match = _RANGE_RE.match(header.strip())
    if match is None:
        return None if "," in header else "unsatisfiable"
    first, last = match.groups()
    if first == "" and last == "":
        return "unsatisfiable"
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
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
