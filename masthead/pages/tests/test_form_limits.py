"""Reader forms have limits: every text field of a form page has a maximum length (the
editor's, or the default for its type), an opinion text a word limit stated under the
field, and a reader who goes over sees why beside the field with their text kept."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from masthead.core.forms import DEFAULT_MAX_LENGTH, MaxWordsValidator
from masthead.core.tests.html import soup, text
from masthead.pages.models import FormField

pytestmark = pytest.mark.django_db

VALID = {"name": "Ada Reader", "email": "ada@example.org", "message": "Bridges need budgets."}


@pytest.fixture
def form_page(newsroom):
    return type(newsroom.form).objects.get(pk=newsroom.form.pk)


def set_limits(page, clean_name, **limits):
    FormField.objects.filter(page=page, clean_name=clean_name).update(**limits)


def post(client, page, **changes):
    response = client.post(page.url, {**VALID, **changes})
    return response, soup(response)


def assert_error_beside_field_with_text_kept(page, name, message_part, kept):
    error = page.find(id=f"id_{name}_error")
    assert error is not None and message_part in text(error), text(error or page)
    widget = page.find(attrs={"name": name})
    assert widget["aria-invalid"] == "true"
    assert f"id_{name}_error" in widget["aria-describedby"].split()
    value = widget.get("value") if widget.name == "input" else widget.get_text()
    assert value.strip() == kept.strip()
    assert FormSubmission.objects.count() == 0


def test_a_paragraph_field_without_an_editor_limit_has_the_default_cap(client, form_page):
    too_long = "word " * (DEFAULT_MAX_LENGTH["multiline"] // 5) + "over"

    response, page = post(client, form_page, message=too_long)

    assert response.status_code == 200
    assert_error_beside_field_with_text_kept(
        page, "message", "10,000 characters or fewer", too_long
    )
    assert page.find(class_="form__alert") is not None


def test_a_line_is_capped_without_a_maxlength_attribute_that_would_cut_a_paste(client, form_page):
    response, page = post(client, form_page, name="N" * 300)

    assert_error_beside_field_with_text_kept(page, "name", "255 characters or fewer", "N" * 300)
    assert not page.find(attrs={"name": "name"}).has_attr("maxlength")


def test_an_editor_sets_a_word_limit_stated_under_the_field_and_checked(client, form_page):
    set_limits(form_page, "message", max_words=20, max_length=400)
    twenty_one = " ".join(["budget"] * 21)

    page = soup(client.get(form_page.url))
    assert "Up to 20 words." in text(page.find(id="id_message_help"))

    response, page = post(client, form_page, message=twenty_one)
    assert_error_beside_field_with_text_kept(
        page, "message", "20 words or fewer: it has 21", twenty_one
    )

    response, page = post(client, form_page, message=" ".join(["budget"] * 20))
    assert "Thank you" in text(page.find("main"))
    assert FormSubmission.objects.count() == 1


def test_the_editors_character_limit_holds_too(client, form_page):
    set_limits(form_page, "message", max_words=1_500, max_length=50)

    response, page = post(client, form_page, message="x" * 51)

    assert_error_beside_field_with_text_kept(page, "message", "50 characters or fewer", "x" * 51)


def test_the_demo_opinion_form_asks_for_at_most_1500_words_and_12000_characters():
    from masthead.demo import site_copy

    text_field = site_copy.OPINION_FORM["fields"][-1]
    assert text_field[1] == "multiline"
    assert text_field[5] == (12_000, 1_500)


def test_word_counting_splits_on_any_whitespace():
    validate = MaxWordsValidator(3)
    validate("one two\nthree")
    with pytest.raises(Exception, match="3 words or fewer: it has 4"):
        validate("one\ttwo three  four")
