"""Slots: a widget's script is written once per page, however many slots hold it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from masthead.core import slots

pytestmark = pytest.mark.django_db


def render_page(context):
    slots.register("test.one", lambda c: "<form>1</form>" + slots.script_once(c, "x/widget.js"))
    slots.register("test.two", lambda c: "<form>2</form>" + slots.script_once(c, "x/widget.js"))
    try:
        return Template(
            "{% load masthead_tags %}{% slot 'test.one' %}"
            "{% slot 'test.two' %}{% script_once 'x/widget.js' %}{% script_once 'x/other.js' %}"
        ).render(context)
    finally:
        slots._registry.pop("test.one")
        slots._registry.pop("test.two")


def test_a_script_two_widgets_ask_for_is_written_once_after_the_first():
    html = render_page(Context({"request": RequestFactory().get("/")}))
    assert html.count('<script src="/static/x/widget.js" defer></script>') == 1
    assert html.index("x/widget.js") > html.index("<form>1</form>")
    assert html.count("x/other.js") == 1
    assert "<form>2</form>" in html


def test_without_a_request_the_page_context_remembers():
    html = render_page(Context({}))
    assert html.count("x/widget.js") == 1


def test_each_page_render_writes_it_again():
    for _ in range(2):
        html = render_page(Context({"request": RequestFactory().get("/")}))
        assert html.count("x/widget.js") == 1
