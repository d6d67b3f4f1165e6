"""HEAD on the APIs: answered as GET without the body.

Ninja routes each operation to GET only, so HEAD got 405 (unless the page cache happened
to hold the answer). Declaring HEAD on every operation would double the operations of the
OpenAPI document, with clashing operationIds; instead this outermost middleware runs the
request as GET, so the page cache stores a full copy, and removes the body on the way out.
"""


class HeadAsGetMiddleware:
    PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path_info.startswith(self.PREFIX):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            if response.status_code not in (204, 304):
                response["Content-Length"] = str(length)
        return response
