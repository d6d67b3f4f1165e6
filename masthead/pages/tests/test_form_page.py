"""Reader forms ("Submit an Opinion"): stored and emailed, with clear errors,
a honeypot for bots and a per-address rate limit."""

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from masthead.core.tests.html import soup, text
from masthead.pages.tests.factories import EDITORS_EMAIL

pytestmark = pytest.mark.django_db

VALID = {"name": "Ada Reader", "email": "ada@example.org", "message": "Bridges need budgets."}


@pytest.fixture
def form_url(newsroom):
    return newsroom.form.url


def submissions():
    return FormSubmission.objects.count()


def test_form_renders_every_field_with_a_label(client, form_url):
    page = soup(client.get(form_url))

    form = page.find("main").find("form")
    assert form["method"].lower() == "post"
    for name in ("name", "email", "message"):
        field = form.find(attrs={"name": name})
        assert field is not None and field.has_attr("required")
        assert form.find("label", attrs={"for": field["id"]}) is not None
    # A cached page carries no token: reader.js adds one, or the origin check accepts the
    # post without JavaScript (core/csrf.py; masthead/core/tests/test_reader.py).
    assert form.has_attr("data-reader-csrf")
    assert form.find(attrs={"name": "csrfmiddlewaretoken"}) is None
    assert "Send pitch" in text(form)


def test_a_valid_submission_is_stored_and_emailed_to_the_editors(
    client, form_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, VALID, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    assert "Thank you, we read every pitch." in text(soup(response).find("main"))
    [submission] = FormSubmission.objects.all()
    assert submission.form_data == VALID
    [email] = mail.outbox
    assert email.to == [EDITORS_EMAIL]
    assert email.subject == "New opinion pitch"
    assert email.reply_to == ["ada@example.org"]
    assert "Bridges need budgets." in email.body
    assert "Ada Reader" in email.body


def test_the_page_address_overrides_the_editors_address(
    client, newsroom, django_capture_on_commit_callbacks
):
    form = type(newsroom.form).objects.get(pk=newsroom.form.pk)
    form.to_address = "opinion@meridian.example, chief@meridian.example"
    form.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(form.url, VALID)

    assert mail.outbox[0].to == ["opinion@meridian.example", "chief@meridian.example"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"message": ""}, "message"), ({"email": "not-an-email"}, "email")],
    ids=["missing message", "invalid email"],
)
def test_an_invalid_submission_shows_the_error_beside_the_field_and_keeps_the_text(
    client, form_url, changes, field, django_capture_on_commit_callbacks
):
    data = {**VALID, **changes}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, data)

    assert response.status_code == 200
    page = soup(response)
    error = page.find(id=f"id_{field}_error")
    assert error is not None and text(error)
    widget = page.find(attrs={"name": field})
    assert widget["aria-invalid"] == "true"
    assert f"id_{field}_error" in widget["aria-describedby"].split()
    # what the reader typed is still there
    assert page.find("input", attrs={"name": "name"})["value"] == "Ada Reader"
    if field == "email":
        assert page.find("input", attrs={"name": "email"})["value"] == "not-an-email"
        assert "Bridges need budgets." in text(page.find("textarea", attrs={"name": "message"}))
    assert submissions() == 0
    assert mail.outbox == []


def test_a_filled_honeypot_looks_like_success_but_nothing_is_kept(
    client, form_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {**VALID, "website": "http://spam.example"})

    assert response.status_code == 200
    assert "Thank you, we read every pitch." in text(soup(response).find("main"))
    assert submissions() == 0
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_readers(client, form_url):
    form = soup(client.get(form_url)).find("main").find("form")

    honeypot = form.find(attrs={"name": "website"})
    assert honeypot is not None
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    hidden = honeypot.find_parent(attrs={"aria-hidden": "true"}) or honeypot.find_parent(
        class_=lambda c: c and ("honeypot" in c or "visually-hidden" in c)
    )
    assert hidden is not None


def test_too_many_submissions_from_one_address_are_refused_with_429(
    client, form_url, settings, django_capture_on_commit_callbacks
):
    settings.FORM_RATE_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(form_url, VALID, REMOTE_ADDR="198.51.100.9").status_code == 200
        refused = client.post(
            form_url, {**VALID, "message": "One more thought."}, REMOTE_ADDR="198.51.100.9"
        )
        other_reader = client.post(form_url, VALID, REMOTE_ADDR="198.51.100.10")

    assert refused.status_code == 429
    page = soup(refused)
    assert "several messages in a short time" in text(page.find("main"))
    assert "One more thought." in text(page.find("textarea", attrs={"name": "message"}))
    assert other_reader.status_code == 200
    assert submissions() == 3
    assert len(mail.outbox) == 3
