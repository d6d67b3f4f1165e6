"""Admin API images: multipart uploads and URL fetches from a real HTTP server on
loopback, with size, type, status, redirect and address limits; Idempotency-Key replays."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.api.models import IdempotencyRecord
from masthead.articles.models import ArticlePage
from masthead.images.models import CustomImage
from masthead.images.tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin/images/"


def png_bytes(width=120, height=80):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def bmp_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    return buffer.getvalue()


class Files(BaseHTTPRequestHandler):
    routes = {
        "/photo.png": (200, "image/png", png_bytes()),
        "/photo.jpg": (200, "image/jpeg", jpeg_bytes(320, 200)),
        "/big.jpg": (200, "image/jpeg", jpeg_bytes(1600, 1200)),
        "/notes.txt": (200, "image/png", b"not a picture at all"),
        "/bitmap.bmp": (200, "image/bmp", bmp_bytes()),
    }

    def do_GET(self):
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/photo.png")
            self.end_headers()
            return
        if self.path.startswith("/to-localhost"):  # the same server, by a name not allowed
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}/photo.png")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if self.path != "/big.jpg":  # streamed without a length: the limit must still hold
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def files():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_multipart_upload(api, desk):
    upload = SimpleUploadedFile("port.jpg", jpeg_bytes(640, 400), content_type="image/jpeg")
    response = api.upload(
        URL,
        {
            "file": upload,
            "title": "The river port",
            "alt_text": "Cranes over a flooded quay",
            "caption": "The port at dawn.",
            "credit": "Oksana Riva/Meridian Ledger",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["width"], data["height"]) == (640, 400)
    image = CustomImage.objects.get(pk=data["id"])
    assert image.description == "Cranes over a flooded quay"
    assert image.credit == "Oksana Riva/Meridian Ledger"
    assert image.uploaded_by_user == desk.editor
    assert image.file_size and image.file_hash


def test_upload_is_sniffed_not_trusted(api):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = api.upload(URL, {"file": fake})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]
    bitmap = SimpleUploadedFile("photo.png", bmp_bytes(), content_type="image/png")
    assert api.upload(URL, {"file": bitmap}).status_code == 422


def test_upload_over_the_limit(api, settings):
    settings.API_IMAGE_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.jpg", jpeg_bytes(640, 400), content_type="image/jpeg")
    response = api.upload(URL, {"file": big})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "too_large"


def test_file_or_url_but_not_neither(api):
    response = api.upload(URL, {"title": "Nothing"})
    assert response.status_code == 422


@pytest.mark.parametrize(("path", "size"), [("/photo.png", (120, 80)), ("/photo.jpg", (320, 200))])
def test_fetch_by_url(api, files, path, size):
    response = api.upload(URL, {"url": files + path, "title": "Fetched"})
    assert response.status_code == 201, response.json()
    assert (response.json()["width"], response.json()["height"]) == size


def test_fetch_follows_a_redirect(api, files):
    response = api.upload(URL, {"url": files + "/moved"})
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "photo"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.png", "HTTP status 404"),
        ("/notes.txt", "not an image"),
        ("/bitmap.bmp", "BMP images are not accepted"),
        ("/loop", "redirected too many times"),
    ],
)
def test_fetch_refusals(api, files, path, message):
    images = CustomImage.objects.count()
    response = api.upload(URL, {"url": files + path})
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["body", "url"]
    assert message in problem["msg"]
    assert CustomImage.objects.count() == images


def test_fetch_stops_at_the_size_limit(api, files, settings):
    settings.API_IMAGE_MAX_BYTES = 20_000
    assert len(Files.routes["/big.jpg"][2]) > 20_000
    response = api.upload(URL, {"url": files + "/big.jpg"})
    assert response.status_code == 422
    assert "larger than" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "http://localhost/x.png",
        "http://10.0.0.8/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x.png",
        "http://[::ffff:127.0.0.1]/x.png",
        "http://0.0.0.0/x.png",
    ],
)
def test_internal_addresses_are_refused(api, settings, url):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    response = api.upload(URL, {"url": url})
    assert response.status_code == 422
    assert "private or internal" in response.json()["detail"][0]["msg"]


def test_a_redirect_to_an_internal_address_is_refused(api, files):
    """The check runs on every hop: the test host 127.0.0.1 is allowed by name
    (OUTBOUND_ALLOWED_HOSTS), but its redirect to localhost, the same server by another
    name, is refused."""
    response = api.upload(URL, {"url": files + "/to-localhost"})
    assert response.status_code == 422
    assert "private or internal" in response.json()["detail"][0]["msg"]


def test_other_schemes_are_refused(api):
    for url in ("file:///etc/passwd", "ftp://example.org/x.png", "gopher://x"):
        response = api.upload(URL, {"url": url})
        assert response.status_code == 422
        assert "http and https" in response.json()["detail"][0]["msg"]


def test_lead_image_by_url_on_an_article(api, files):
    response = api.post(
        "/api/v1/admin/articles/",
        {"headline": "Port photo", "section": "war", "lead_image_url": files + "/photo.jpg"},
    )
    assert response.status_code == 201, response.json()
    image = CustomImage.objects.get(pk=response.json()["lead_image"])
    assert image.width == 320
    bad = api.post(
        "/api/v1/admin/articles/",
        {"headline": "Port", "section": "war", "lead_image_url": files + "/missing.png"},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "lead_image_url"]


# --- Idempotency-Key ---------------------------------------------------------------------


def test_idempotent_image_upload_replays(api):
    def send():
        upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
        return api.upload(URL, {"file": upload, "title": "Once"}, {"Idempotency-Key": "img-1"})

    first, second = send(), send()
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert "Idempotent-Replayed" not in first
    assert second["Idempotent-Replayed"] == "true"
    assert CustomImage.objects.filter(title="Once").count() == 1


def test_idempotent_article_create_replays_and_refuses_a_changed_body(api):
    url = "/api/v1/admin/articles/"
    body = {"headline": "Once only", "section": "war", "body_html": "<p>x</p>"}
    headers = {"Idempotency-Key": "art-1"}
    first = api.post(url, body, headers)
    second = api.post(url, dict(reversed(list(body.items()))), headers)  # same JSON, reordered
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert ArticlePage.objects.filter(title="Once only").count() == 1
    changed = api.post(url, {**body, "headline": "Twice"}, headers)
    assert changed.status_code == 422
    assert "different request" in changed.json()["detail"]
    assert not ArticlePage.objects.filter(title="Twice").exists()


def test_a_failed_create_keeps_no_record(api):
    url = "/api/v1/admin/articles/"
    headers = {"Idempotency-Key": "art-2"}
    assert api.post(url, {"headline": "x", "section": "nowhere"}, headers).status_code == 422
    assert not IdempotencyRecord.objects.filter(key="art-2").exists()
    fixed = api.post(url, {"headline": "x", "section": "war"}, headers)
    assert fixed.status_code == 201


def test_records_expire_after_a_day(api):
    import datetime

    from django.utils import timezone

    url = "/api/v1/admin/articles/"
    headers = {"Idempotency-Key": "art-3"}
    api.post(url, {"headline": "Old", "section": "war"}, headers)
    IdempotencyRecord.objects.filter(key="art-3").update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    again = api.post(url, {"headline": "Old", "section": "war"}, headers)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert ArticlePage.objects.filter(title="Old").count() == 2
