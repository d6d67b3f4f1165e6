"""The one NinjaAPI instance: the public Content API and the key-guarded Admin API.

Both share one OpenAPI 3 document, served at /api/schema/ with interactive docs at
/api/docs/. Each part lives in its own module and adds a router here. Errors have one
shape for both (errors.py): 422 with where and what for bad input, `{"detail": ...}`
otherwise.
"""

from ninja import NinjaAPI

from . import admin_api, content, errors

api = NinjaAPI(
    title="Masthead API",
    version="1",
    description="Read the newsroom's published work (Content API) and publish to it with a key (Admin API).",
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)
errors.install(api)
api.add_router("/v1/", content.router)
api.add_router("/v1/admin/", admin_api.router)
