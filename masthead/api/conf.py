"""Settings of the Content and Admin APIs (docs/api.md)."""

from masthead.core.appsettings import env

# Admin API (masthead/api): writes per key per window, and images fetched by URL.
API_WRITE_RATE_LIMIT = env.int("API_WRITE_RATE_LIMIT", default=120)
API_WRITE_RATE_WINDOW = env.int("API_WRITE_RATE_WINDOW", default=60)
API_IMAGE_MAX_BYTES = env.int("API_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
API_IMAGE_TYPES = ["JPEG", "PNG", "WEBP", "GIF"]  # Pillow format names, sniffed from content
API_IMAGE_FETCH_TIMEOUT = env.float("API_IMAGE_FETCH_TIMEOUT", default=10.0)
API_IMAGE_FETCH_MAX_REDIRECTS = env.int("API_IMAGE_FETCH_MAX_REDIRECTS", default=3)


# The Content API (docs/api.md): origins whose pages may read it from the browser.
# "*" (the default) lets any site read the public content; no credentials are involved.
API_CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=["*"])
