"""The signup widget placed in page slots. Slot HTML is cached for every reader, so it
shows nothing per reader: the form posts to the signup view, which checks the origin
(see views.py); reader.js fills its CSRF field once the seams endpoint is there.

After a purge a page runs one query for all its widgets (the lists, a shared fragment);
each slot's HTML is its own fragment built from them. The script comes after the fragment,
once per page however many slots hold a widget (core/slots.py script_once)."""

from django.template.loader import render_to_string

from masthead.core import fragments, slots

from . import queries
from .forms import SignupForm


def render_widget(slot, newsletters):
    if not newsletters:
        return ""
    form = SignupForm(newsletters=newsletters, id_prefix=slot.replace(".", "-"))
    return render_to_string(
        "newsletters/widget.html",
        {
            "form": form,
            "slot": slot,
            "newsletters": newsletters,
            "compact": slot != "home.newsletter",
        },
    )


def slot_renderer(slot):
    def render(context):
        request = context.get("request")

        def build():
            newsletters = fragments.get_or_set(
                request, "newsletters-public", [], queries.public_newsletters
            )
            return render_widget(slot, newsletters)

        html = fragments.get_or_set(request, "newsletters-signup", [slot], build)
        if not html:
            return ""
        return html + slots.script_once(context, "newsletters/signup.js")

    render.__name__ = f"render_{slot.replace('.', '_')}"
    return render
