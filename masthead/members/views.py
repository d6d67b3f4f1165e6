"""The membership page, joining, and the full text of gated articles for a reader who
may read it. The membership page is cached, the same for every reader (a member's
thank-you is the part "membership_page"); joining and the full text are per reader."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from masthead.articles.models import ArticlePage
from masthead.core import csrf, fragments, pagecache

from . import campaigns, checkout, queries
from .forms import JoinForm
from .funding_forms import DonationForm


def _page(request, form=None, status=200):
    """The page; nothing in it depends on the reader, so the GET is cached."""
    tiers = queries.offered_tiers()
    context = {
        "tiers": tiers,
        "form": form or JoinForm(tiers=tiers),
        "payments_ready": checkout.provider() is not None,
        "needs_token": getattr(request, "reader_form_needs_token", False),
        # Reader funding: the campaign meters, donations and gifts (funding_views.py).
        "meters": campaigns.render_meters(request),
        "donation_form": DonationForm(auto_id="donation_%s"),
    }
    return render(request, "members/membership_page.html", context, status=status)


@require_GET
def membership_page(request):
    return _page(request)


@pagecache.per_reader
@csrf.reader_form
@require_POST
def join(request):
    """A form of the cached page (reader_form: no token needed when the browser says the
    post comes from this site). A member is sent to their account: a second checkout
    would start a second subscription."""
    if queries.is_member(request.user):
        return redirect("users:account")
    provider = checkout.provider()
    tiers = queries.offered_tiers()
    form = JoinForm(request.POST, tiers=tiers)
    if getattr(request, "reader_form_needs_token", False):
        return _page(request, form, status=403)
    if provider is None or not form.is_valid():
        return _page(request, form, status=400 if provider else 503)
    return redirect(provider.start(request, form.cleaned_data["choice"]))


def support(request):
    return redirect("members:membership", permanent=True)


@pagecache.per_reader
def read(request, page_id):
    """A gated article in full for a reader who may read it (the no-JavaScript
    "Continue reading"); everyone else gets the teaser and the prompt again."""
    article = ArticlePage.objects.live().public().filter(pk=page_id).specific().first()
    if article is None:
        raise Http404
    if article.is_accessible_for_free():
        return redirect(article.url)
    allowed = queries.may_read(request.user, article)
    context = article.get_context(request)
    context["full_access"] = bool(allowed)
    context["gate_reason"] = allowed
    return TemplateResponse(request, article.get_template(request), context)


# --- what the cached pages hold, and what the per-reader endpoint adds ---------------


def render_gate(context):
    """Slot "article.gate": the prompt every reader of a gated article's cached copy
    sees (no-JS readers follow "Continue reading" to the uncached `read` view)."""
    page = context.get("page")
    if page is None:
        return ""
    return render_to_string("members/parts/gate.html", {"page": page})


def render_ask(context):
    """Slots "article.membership" and "home.membership": the ask; the per-reader part
    "membership" replaces it with a thank-you for members. The same HTML on every page:
    rendered once per generation (fragments.shared), not on every uncached render."""
    return fragments.shared(
        context.get("request"),
        "membership-ask",
        [],
        lambda: render_to_string("members/parts/ask.html", {}),
    )


def gate_part(request, context):
    """The rest of a gated article's text, for a reader who may read it (<= 2 queries,
    plus one or two for the meter when it is on)."""
    if context["page"] is None or not request.user.is_authenticated:
        return None
    article = ArticlePage.objects.filter(pk=context["page"]).only("pk", "body", "access").first()
    if article is None or article.is_accessible_for_free():
        return None
    if not queries.may_read(request.user, article):
        return None
    rest = article.split_body()[1]
    return {"html": render_to_string("members/parts/rest.html", {"blocks": rest})}


def membership_part(request, context):
    """For members, a thank-you where the asks would be; nothing for anyone else."""
    if not queries.is_member(request.user):
        return None
    return {"html": render_to_string("members/parts/thanks.html", {})}


def membership_page_part(request, context):
    """On the membership page, a member sees a thank-you and their tier in place of the
    offer (one query, shared with the other membership parts)."""
    membership = queries.membership_for(request.user)
    if membership is None or not membership.is_entitled:
        return None
    tier = membership.tier.name if membership.tier else ""
    return {"html": render_to_string("members/parts/membership_page.html", {"tier": tier})}


def join_part(request, context):
    """The header's "Become a member" link: a member sees thanks instead."""
    if not queries.is_member(request.user):
        return None
    return {"html": render_to_string("members/parts/header_thanks.html", {})}


def account_section(request):
    membership = queries.membership_for(request.user)
    return render_to_string(
        "members/parts/account.html", {"membership": membership}, request=request
    )


def reader_data(user):
    membership = queries.membership_for(user)
    if membership is None:
        return None
    return {
        "tier": membership.tier.name if membership.tier else None,
        "status": membership.status,
        "source": membership.source,
        "member_since": membership.started_at.isoformat(),
        "current_period_end": (
            membership.current_period_end.isoformat() if membership.current_period_end else None
        ),
        "history": [
            {"at": change.at.isoformat(), "status": change.status, "reason": change.reason}
            for change in membership.changes.all()
        ],
    }
