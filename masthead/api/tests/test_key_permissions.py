"""An API key acts with its creator's permissions as they are now, checked on every
request: a creator moved to a role that may not do something, or who can no longer sign
in, takes that away from the key too (issue #12, finding 2)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.livefeed.tests.factories import post
from masthead.users.tests.factories import UserFactory

from .admin_fixtures import ApiClient, make_key

pytestmark = pytest.mark.django_db

FEED = "/api/v1/admin/feed-items/"
IMAGES = "/api/v1/admin/images/"


def move(user, *, to):
    user.groups.set([Group.objects.get(name=to)])


def test_a_feed_key_stops_writing_when_its_creator_becomes_an_author(desk):
    creator = UserFactory(groups=["Editors"], is_staff=True)
    _key, token = make_key(creator, scopes=["livefeed:write"])
    api = ApiClient(token)
    mine = api.post(FEED, {"headline": "Bridge reopened to traffic"})
    assert mine.status_code == 201, mine.json()
    theirs = post("Curfew extended by an hour")

    move(creator, to="Authors")

    refused = api.post(FEED, {"headline": "Power cut in the east"})
    assert refused.status_code == 403
    assert "permission" in refused.json()["detail"]
    assert api.patch(f"{FEED}{theirs.pk}/", {"headline": "Curfew lifted"}).status_code == 403
    assert api.delete(f"{FEED}{theirs.pk}/").status_code == 403
    assert api.delete(f"{FEED}{mine.json()['id']}/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.headline == "Curfew extended by an hour"

    move(creator, to="Editors")
    assert api.delete(f"{FEED}{theirs.pk}/").status_code == 204


def test_a_key_whose_creator_left_the_newsroom_is_refused(desk):
    creator = UserFactory(groups=["Editors"], is_staff=True)
    _key, token = make_key(creator)
    api = ApiClient(token)
    creator.groups.clear()  # a plain reader account now: no admin at all

    assert api.post(FEED, {"headline": "Ceasefire talks resume"}).status_code == 403
    assert (
        api.post("/api/v1/admin/articles/", {"headline": "x", "section": "war"}).status_code == 403
    )
    assert api.get("/api/v1/admin/articles/1/").status_code == 403

    creator.is_active = False
    creator.save()
    assert api.post(FEED, {"headline": "Ceasefire talks resume"}).status_code == 401


def test_an_image_key_needs_its_creator_to_still_add_images(desk):
    creator = UserFactory(groups=["Authors"], is_staff=True)
    _key, token = make_key(creator, scopes=["images:write"])
    api = ApiClient(token)
    move(creator, to="Moderators")  # may enter the admin, may not add images
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    upload = SimpleUploadedFile("dot.png", png.getvalue(), content_type="image/png")
    response = api.upload(IMAGES, {"file": upload, "title": "A dot"})
    assert response.status_code == 403, response.json()
