"""Who may open what: every admin URL and every API operation × every role.

The URLs come from the resolver (everything under /admin/ and /api/), their parameters
are filled with real objects of a small newsroom, and each role's answer is compared with
the rule table below. A URL added without a rule FAILS this test: decide who may use it,
and write it down here (docs/security.md says what each role may do).

Roles: anonymous, reader (signed in, not staff), Author, Moderator, Editor, superuser.
"allowed" is any answer that reached the view's work (2xx, a redirect elsewhere than the
sign-in page or the dashboard, 400 for a request the view found incomplete); "denied" is a
redirect to sign in, Wagtail's "no permission" redirect to the dashboard, 401, 403 or 404
(an object hidden from this role). A 405 or a 500 fails the test: the entry is wrong.
"""

import datetime
import io
import json
import re
import types

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image
from wagtail.admin.models import EditingSession
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupApprovalTask, Page, Site, UploadedFile, Workflow

from masthead.api import services as api_services
from masthead.audio.models import PronunciationEntry
from masthead.comments.models import Ban, Comment
from masthead.core.tests.fixtures import module_data
from masthead.livefeed.tests.factories import make_live_page, post
from masthead.members import gifts
from masthead.members.tests.factories import TierFactory, make_member
from masthead.members.tests.funding_factories import make_campaign
from masthead.newsletters import services as newsletter_services
from masthead.newsletters.models import Issue, SubscriberImport, Suppression
from masthead.newsletters.tests.factories import NewsletterFactory, SubscriberFactory, subscribe
from masthead.pages.tests.factories import JobsPageFactory, build_newsroom
from masthead.payments.models import Donation, Payment, StripeEvent
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory, SuperuserFactory, UserFactory
from masthead.webhooks import services as webhook_services

pytestmark = pytest.mark.django_db

ANON, READER, AUTHOR, MODERATOR, EDITOR, SUPER = ROLES = (
    "anonymous",
    "reader",
    "author",
    "moderator",
    "editor",
    "superuser",
)
EVERYONE = frozenset(ROLES)
STAFF = frozenset({AUTHOR, MODERATOR, EDITOR, SUPER})
WRITERS = frozenset({AUTHOR, EDITOR, SUPER})  # may draft pages and add images, documents
EDITORS = frozenset({EDITOR, SUPER})
MODERATION = frozenset({MODERATOR, EDITOR, SUPER})  # comments.moderate_comment
SUPERUSER = frozenset({SUPER})
SIGNED_OUT = frozenset({ANON})  # the sign-in and password-reset pages


def png():
    data = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(data, "PNG")
    return data.getvalue()


def build():
    """A one-article newsroom, a user per role, and one of every object an admin URL
    names: image, document, form submission, feed item, webhook endpoint and delivery,
    API key, redirect, collection, workflow task, group, pronunciation entry, revision;
    a tier and the reader's membership (with a payment and a Stripe event on the member
    page), a newsletter with a subscriber, an issue and a suppressed address."""
    news = build_newsroom(sections=2, articles_per_section=1, authors=1)
    users = {
        READER: UserFactory(),
        AUTHOR: StaffFactory(groups=[roles.AUTHORS]),
        MODERATOR: StaffFactory(groups=[roles.MODERATORS]),
        EDITOR: StaffFactory(groups=[roles.EDITORS]),
        SUPER: SuperuserFactory(),
    }
    article = news.articles[0]
    article.save_revision(user=users[EDITOR])
    image = get_image_model().objects.create(
        title="Port at dawn", file=SimpleUploadedFile("port.png", png())
    )
    document = get_document_model().objects.create(
        title="Annual report", file=SimpleUploadedFile("report.txt", b"Figures.")
    )
    submission = FormSubmission.objects.create(
        page=news.form, form_data={"name": "Reader", "email": "reader@example.org"}
    )
    live = make_live_page(news.home)
    item = post("Bridge reopened")
    endpoint = webhook_services.do_create_endpoint(
        url="https://hooks.example.org/masthead", events=["article.published"]
    )
    delivery = webhook_services.do_send_ping(endpoint)
    key, _token = api_services.do_create_api_key(
        name="Wire", scopes=["articles:write"], created_by=users[EDITOR]
    )
    redirect = Redirect.objects.create(old_path="/old-story", redirect_link="/")
    collection = Collection.get_first_root_node().add_child(name="Photo desk")
    task = GroupApprovalTask.objects.get(name=roles.REVIEW_WORKFLOW)
    workflow = Workflow.objects.get(name=roles.REVIEW_WORKFLOW)
    entry = PronunciationEntry.objects.create(word="Kyiv", respelling="keev")
    tier = TierFactory(name="Supporter")
    membership = make_member(
        users[READER], tier, current_period_end=timezone.now() + datetime.timedelta(days=30)
    )
    Payment.objects.create(
        user=users[READER],
        stripe_id="in_matrix",
        amount=500,
        currency="eur",
        paid_at=timezone.now(),
    )
    StripeEvent.objects.create(
        user=users[READER],
        stripe_id="evt_matrix",
        type="invoice.paid",
        status=StripeEvent.Status.PROCESSED,
        data={},
        created=timezone.now(),
    )
    # Reader funding: a campaign, a paid gift and a donation.
    campaign = make_campaign()
    gift = gifts.do_create_gift(
        tier=tier, months=12, recipient_name="Olena", recipient_email="olena@example.org"
    )
    gift = gifts.do_mark_gift_paid(gift.pk, session_id="cs_matrix_gift", payment_ref="pi_gift")
    donation = Donation.objects.create(
        stripe_id="cs_matrix_donation",
        email="giver@example.org",
        amount=2500,
        currency="eur",
        paid_at=timezone.now(),
    )
    newsletter = NewsletterFactory(name="Morning Ledger")
    subscriber = SubscriberFactory(email="subscriber@example.net")
    subscribe(subscriber, newsletter)
    issue = Issue.objects.create(
        newsletter=newsletter,
        subject="Monday briefing",
        articles=[("article", article)],
        created_by=users[EDITOR],
    )
    comment = Comment.objects.create(
        article=article, author=users[READER], body="Matrix comment", html="<p>Matrix comment</p>"
    )
    ban = Ban.objects.create(user=users[READER], reason="Matrix", created_by=users[SUPER])
    suppression = newsletter_services.do_suppress(
        "bounced@example.net", Suppression.Reason.HARD_BOUNCE
    )
    subscriber_import = SubscriberImport.objects.create(
        filename="readers.csv", consent_note="Signup sheet", dry_run=True, status="done"
    )
    # An article waiting in review, so the workflow action URLs have a task state.
    waiting = news.articles[1]
    waiting.save_revision(user=users[AUTHOR])
    workflow.start(waiting, users[AUTHOR])
    waiting.refresh_from_db()
    task_state = waiting.current_workflow_task_state
    uploads = {
        model: UploadedFile.objects.create(
            file=SimpleUploadedFile("upload.png", png()),
            for_content_type=ContentType.objects.get_for_model(model),
            uploaded_by_user=users[SUPER],
        )
        for model in (get_image_model(), get_document_model())
    }
    editing = EditingSession.objects.create(
        user=users[SUPER],
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(article.pk),
        last_seen_at=timezone.now(),
    )
    clients = {ANON: Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    # An alias (a page whose alias_of is the original), for the convert-alias URL.
    alias = JobsPageFactory(parent=news.sections[1], slug="jobs-alias", alias_of=news.jobs)
    keys = {
        role: api_services.do_create_api_key(
            name=role, scopes=[s.value for s in api_services.Scope], created_by=user
        )[1]
        for role, user in users.items()
    }
    return types.SimpleNamespace(
        news=news,
        users=users,
        keys=keys,
        clients=clients,
        alias=alias,
        upload=uploads,
        editing=editing,
        article=article,
        waiting=waiting,
        task_state=task_state,
        image=image,
        document=document,
        submission=submission,
        live=live,
        item=item,
        endpoint=endpoint,
        delivery=delivery,
        key=key,
        redirect=redirect,
        collection=collection,
        task=task,
        workflow=workflow,
        entry=entry,
        tier=tier,
        membership=membership,
        campaign=campaign,
        gift=gift,
        donation=donation,
        newsletter=newsletter,
        subscriber=subscriber,
        issue=issue,
        suppression=suppression,
        subscriber_import=subscriber_import,
        comment=comment,
        ban=ban,
        site=Site.objects.get(is_default_site=True),
        group=Group.objects.get(name=roles.AUTHORS),
    )


matrix = module_data(build)


# --- The URLs --------------------------------------------------------------------------


def walk(patterns, route="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern.url_patterns, route + str(pattern.pattern), spaces)
        elif isinstance(pattern, URLPattern):
            yield route + str(pattern.pattern), ":".join((*namespaces, pattern.name or ""))


def guarded_urls():
    """(route, URL name, parameter names) of every URL under /admin/ and /api/."""
    found = []
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/")):
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            found.append((route, name, tuple(a or b for a, b in params)))
    return found


URLS = guarded_urls()


def pk_for(name, m):
    """The object a `<pk>` names, by the URL's namespace."""
    space = name.rsplit(":", 1)[0]
    by_space = {
        "wagtailadmin_api:pages": m.article,
        "wagtailadmin_api:documents": m.document,
        "wagtailadmin_api:images": m.image,
        "wagtailadmin_collections": m.collection,
        "wagtailadmin_pages": m.article,
        "wagtailsnippets_audio_pronunciationentry": m.entry,
        "wagtailsnippetchoosers_audio_pronunciationentry": m.entry,
        "livefeed": m.item,
        "webhooks": m.endpoint,
        "wagtailsites": m.site,
        "wagtailusers_users": m.users[READER],
        "wagtailusers_groups": m.group,
        "wagtailsettings": m.site,
        "wagtaildocs_chooser": m.document,
        "wagtailimages_chooser": m.image,
        "wagtailsnippets_members_tier": m.tier,
        "wagtailsnippetchoosers_members_tier": m.tier,
        "memberships": m.membership,
        "campaigns": m.campaign,
        "gifts": m.gift,
        "donations": m.donation,
        "wagtailsnippets_newsletters_newsletter": m.newsletter,
        "wagtailsnippetchoosers_newsletters_newsletter": m.newsletter,
        "wagtailsnippets_newsletters_issue": m.issue,
        "wagtailsnippetchoosers_newsletters_issue": m.issue,
        "wagtailsnippets_newsletters_subscriber": m.subscriber,
        "wagtailsnippetchoosers_newsletters_subscriber": m.subscriber,
        "wagtailsnippets_newsletters_suppression": m.suppression,
        "wagtailsnippetchoosers_newsletters_suppression": m.suppression,
        # The issue's send page, preview, progress and actions (no namespace).
        "newsletters_issue_send": m.issue,
        "newsletters_issue_preview": m.issue,
        "newsletters_issue_progress": m.issue,
        "newsletters_issue_action": m.issue,
        "newsletters_import_progress": m.subscriber_import,
    }
    if space == "wagtailadmin_workflows":
        return (m.task if "task" in name else m.workflow).pk
    return by_space[space].pk


def url_kwargs(name, params, m):
    """Real values for a URL's parameters."""
    article, section = m.article, m.news.sections[0]
    image_model, document_model = get_image_model(), get_document_model()
    special = {
        "wagtail_bulk_action": {
            "app_label": "wagtailcore",
            "model_name": "page",
            "action": "delete",
        },
        "wagtailadmin_workflows:add_task": {
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        "wagtailadmin_workflows:remove": {
            "page_pk": Page.get_first_root_node().pk,
            "workflow_pk": m.workflow.pk,
        },
        "wagtailsettings:edit": {"app_name": "core", "model_name": "sitesettings"},
        "wagtailsettings:preview_on_edit": {"app_name": "core", "model_name": "sitesettings"},
        "wagtailadmin_tag_model_autocomplete": {"app_name": "taggit", "model_name": "tag"},
        "wagtailadmin_editing_sessions:ping": {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(article.pk),
        },
        "wagtailadmin_pages:workflow_action": {"page_id": m.waiting.pk, "action_name": "approve"},
        "wagtailadmin_pages:collect_workflow_action_data": {
            "page_id": m.waiting.pk,
            "action_name": "approve",
        },
        "wagtailadmin_pages:confirm_workflow_cancellation": {"page_id": m.waiting.pk},
        "wagtailadmin_pages:workflow_preview": {"page_id": m.waiting.pk},
        "wagtailadmin_pages:workflow_history_detail": {"page_id": m.waiting.pk},
        "wagtailimages:create_multiple_from_uploaded_image": {
            "uploaded_file_id": m.upload[image_model].pk
        },
        "wagtailimages:delete_upload_multiple": {"uploaded_file_id": m.upload[image_model].pk},
        "wagtaildocs:create_multiple_from_uploaded_document": {
            "uploaded_file_id": m.upload[document_model].pk
        },
        "wagtaildocs:delete_upload_multiple": {"uploaded_file_id": m.upload[document_model].pk},
        "wagtailforms:list_submissions": {"page_id": m.news.form.pk},
        "wagtailforms:list_submissions_results": {"page_id": m.news.form.pk},
        "wagtailforms:delete_submissions": {"page_id": m.news.form.pk},
        "audio_admin:narration": {"page_id": article.pk},
        "wagtailadmin_pages:convert_alias": {"page_id": m.alias.pk},
        "wagtailadmin_api:pages:action": {"action_name": "copy"},
        # POSTed (a GET is 405): "send" is the action that must be refused.
        "newsletters_issue_action": {"name": "send"},
    }.get(name, {})
    by_param = {
        "page_id": article.pk,
        "page_to_move_id": article.pk,
        "parent_page_id": section.pk,
        "destination_id": m.news.sections[1].pk,
        "content_type_app_name": "articles",
        "content_type_model_name": "articlepage",
        "app_label": "articles",
        "model_name": "articlepage",
        "revision_id": article.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_state_id": m.task_state.pk,
        "task_id": m.task.pk,
        "workflow_state_id": m.task_state.workflow_state_id,
        "collection_id": m.collection.pk,
        "image_id": m.image.pk,
        "document_id": m.document.pk,
        "doc_id": m.document.pk,
        "session_id": m.editing.pk,
        "redirect_id": m.redirect.pk,
        "key_id": m.key.pk,
        "delivery_id": m.delivery.pk,
        "item_id": m.item.pk,
        "article_id": article.pk,
        "comment_id": m.comment.pk,
        "user_id": m.users[READER].pk,
        "ban_id": m.ban.pk,
        "filter_spec": "fill-10x10",
        "uidb64": "MQ",
        "token": "set-password",
    }
    kwargs = {}
    for param in params:
        if param in special:
            kwargs[param] = special[param]
        elif param == "pk":
            kwargs[param] = pk_for(name, m)
        else:
            kwargs[param] = by_param[param]
    return kwargs


def api_call(name, m):
    """(method, JSON body or None) for an Admin API operation; None for a plain GET."""
    section = m.news.sections[0]
    return {
        "api:create_article": ("post", {"headline": "Matrix", "section": section.slug}),
        "api:update_article": ("patch", {"standfirst": "Checked by the matrix."}),
        "api:publish_article": ("post", None),
        "api:unpublish_article": ("post", None),
        "api:schedule_article": ("post", {"go_live_at": "2099-01-01T00:00:00Z"}),
        "api:create_image": ("upload", None),
        "api:create_feed_item": ("post", {"headline": "Matrix update"}),
        "api:update_feed_item": ("patch", {"headline": "Matrix correction"}),
        "api:delete_feed_item": ("delete", None),
    }.get(name)


QUERIES = {
    "wagtailforms:list_submissions": lambda m: "?export=csv",  # finding 1: what leaked
    "memberships:index": lambda m: "?export=csv",  # every member's address and status
    "wagtailadmin_api:pages:find": lambda m: f"?id={m.article.pk}",
    "wagtailadmin_api:images:find": lambda m: f"?id={m.image.pk}",
    "wagtailadmin_api:documents:find": lambda m: f"?id={m.document.pk}",
    "wagtail_bulk_action": lambda m: f"?id={m.article.pk}",
}
# Actions whose GET only shows a confirmation: the POST is what must be refused.
POSTED = {"wagtailadmin_pages:move_confirm"}


def ask(m, role, route, name, params):
    """One role's request to one URL; returns the response."""
    url = reverse(name, kwargs=url_kwargs(name, params, m)) if name else "/" + route
    url += QUERIES.get(name, lambda m: "")(m)
    # A copy, so that signing out in one test leaves the others signed in; a view that
    # breaks answers 500 instead of raising into the test.
    client = Client(raise_request_exception=False)
    client.cookies = m.clients[role].cookies.__class__(m.clients[role].cookies)
    if name.startswith("api:"):
        headers = {"Authorization": f"Bearer {m.keys[role]}"} if role in m.keys else {}
        method, body = api_call(name, m) or ("get", None)
        if method == "upload":
            upload = SimpleUploadedFile("dot.png", png(), content_type="image/png")
            return client.post(url, {"file": upload, "title": "Dot"}, headers=headers)
        data = json.dumps(body) if body is not None else ""
        return getattr(client, method)(url, data, content_type="application/json", headers=headers)
    response = client.post(url, {}) if name in POSTED else client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def outcome(response):
    status = response.status_code
    if status in (401, 403, 404):
        return "denied"
    if status in (301, 302):
        target = response["Location"].split("?")[0]
        if target in (reverse("wagtailadmin_login"), reverse("wagtailadmin_home")):
            return "denied"
        return "allowed"
    if status < 300 or status == 400:
        return "allowed"
    return f"HTTP {status}"  # 405, 500…: the matrix's request is wrong, or the view broke


# --- The rules -------------------------------------------------------------------------
# URL name (or route, for an unnamed URL) → the roles allowed. Every other role is denied.

NOBODY = frozenset()

# Views that need state this matrix does not build (an import in progress in the session,
# an upload of a document type, Wagtail's deliberate test error): only the refusals are
# checked; the roles allowed may get the view's own error.
NEEDS_STATE = {
    "wagtailadmin_error_test": "Wagtail's test of the 500 page: raises for whoever may reach it",
    "wagtailredirects:process_import": "needs an import started in the session",
    "wagtaildocs:create_multiple_from_uploaded_document": "needs a document upload",
}

RULES = {
    "wagtailadmin_home": STAFF,
    "admin/test404/": STAFF,
    "wagtailadmin_error_test": STAFF,
    # The admin API's page actions (here "copy"): Wagtail checks the action's permission.
    "wagtailadmin_api:pages:action": EDITORS,
    "wagtailadmin_pages:set_privacy": EDITORS,
    "wagtailredirects:process_import": EDITORS,
    "wagtaildocs:create_multiple_from_uploaded_document": SUPERUSER,  # the uploader only
    "wagtailadmin_api:pages:listing": STAFF,
    "wagtailadmin_api:pages:detail": WRITERS,
    "wagtailadmin_api:pages:find": WRITERS,
    "wagtailadmin_api:documents:listing": STAFF,
    "wagtailadmin_api:documents:detail": STAFF,
    "wagtailadmin_api:documents:find": STAFF,
    "wagtailadmin_api:images:listing": STAFF,
    "wagtailadmin_api:images:detail": STAFF,
    "wagtailadmin_api:images:find": STAFF,
    "wagtailadmin_explore_root": WRITERS,
    "wagtailadmin_explore": WRITERS,
    "wagtailadmin_explore_results": WRITERS,
    # The confirmation lists only what this role may act on; the POST checks each page.
    "wagtail_bulk_action": STAFF,
    "wagtailadmin_pages:add": WRITERS,
    "wagtailadmin_pages:preview_on_add": WRITERS,
    "wagtailadmin_pages:type_use": WRITERS,
    "wagtailadmin_pages:choose_parent": STAFF,
    "wagtailadmin_pages:type_use_results": WRITERS,
    "wagtailadmin_pages:usage": WRITERS,
    "wagtailadmin_pages:edit": WRITERS,
    "wagtailadmin_pages:preview_on_edit": WRITERS,
    "wagtailadmin_pages:view_draft": WRITERS,
    "wagtailadmin_pages:add_subpage": WRITERS,
    "wagtailadmin_pages:delete": EDITORS,
    "wagtailadmin_pages:unpublish": EDITORS,
    "wagtailadmin_pages:convert_alias": WRITERS,
    "wagtailadmin_pages:search": WRITERS,
    "wagtailadmin_pages:search_results": WRITERS,
    "wagtailadmin_pages:move": EDITORS,
    # POSTed (see POSTED); users/wagtail_hooks.py refuses the confirmation page too.
    "wagtailadmin_pages:move_confirm": EDITORS,
    "wagtailadmin_pages:set_page_position": EDITORS,
    "wagtailadmin_pages:copy": WRITERS,
    "wagtailadmin_pages:workflow_action": EDITORS,
    "wagtailadmin_pages:collect_workflow_action_data": EDITORS,
    "wagtailadmin_pages:confirm_workflow_cancellation": STAFF,
    "wagtailadmin_pages:workflow_preview": EDITORS,
    "wagtailadmin_pages:lock": EDITORS,
    "wagtailadmin_pages:unlock": EDITORS,
    "wagtailadmin_pages:revisions_index": STAFF,
    "wagtailadmin_pages:revisions_view": WRITERS,
    "wagtailadmin_pages:revisions_revert": WRITERS,
    "wagtailadmin_pages:revisions_unschedule": EDITORS,
    "wagtailadmin_pages:revisions_compare": WRITERS,
    "wagtailadmin_pages:workflow_history": WRITERS,
    "wagtailadmin_pages:workflow_history_detail": WRITERS,
    "wagtailadmin_pages:history": WRITERS,
    "wagtailadmin_pages:history_results": WRITERS,
    "wagtailadmin_choose_page": STAFF,
    "wagtailadmin_choose_page_child": STAFF,
    "wagtailadmin_choose_page_search": STAFF,
    "wagtailadmin_choose_page_chosen_multiple": STAFF,
    "wagtailadmin_choose_page_external_link": STAFF,
    "wagtailadmin_choose_page_email_link": STAFF,
    "wagtailadmin_choose_page_phone_link": STAFF,
    "wagtailadmin_choose_page_anchor_link": STAFF,
    "wagtailadmin_tag_autocomplete": STAFF,
    "wagtailadmin_tag_model_autocomplete": STAFF,
    "wagtailadmin_collections:index": SUPERUSER,
    "wagtailadmin_collections:add": SUPERUSER,
    "wagtailadmin_collections:edit": SUPERUSER,
    "wagtailadmin_collections:delete": SUPERUSER,
    "wagtailadmin_collections:set_privacy": SUPERUSER,
    "wagtailadmin_workflows:index": SUPERUSER,
    "wagtailadmin_workflows:index_results": SUPERUSER,
    "wagtailadmin_workflows:add": SUPERUSER,
    "wagtailadmin_workflows:enable": SUPERUSER,
    "wagtailadmin_workflows:disable": SUPERUSER,
    "wagtailadmin_workflows:edit": SUPERUSER,
    "wagtailadmin_workflows:usage": SUPERUSER,
    "wagtailadmin_workflows:usage_results": SUPERUSER,
    "wagtailadmin_workflows:remove": SUPERUSER,
    "wagtailadmin_workflows:add_task": SUPERUSER,
    "wagtailadmin_workflows:select_task_type": SUPERUSER,
    "wagtailadmin_workflows:task_index": SUPERUSER,
    "wagtailadmin_workflows:task_index_results": SUPERUSER,
    "wagtailadmin_workflows:edit_task": SUPERUSER,
    "wagtailadmin_workflows:disable_task": SUPERUSER,
    "wagtailadmin_workflows:enable_task": SUPERUSER,
    "wagtailadmin_workflows:task_chooser": STAFF,
    "wagtailadmin_workflows:task_chooser_results": STAFF,
    "wagtailadmin_workflows:task_chooser_create": STAFF,
    "wagtailadmin_workflows:task_chosen": STAFF,
    "wagtailadmin_reports:locked_pages": EDITORS,
    "wagtailadmin_reports:locked_pages_results": EDITORS,
    "wagtailadmin_reports:workflow": WRITERS,
    "wagtailadmin_reports:workflow_results": WRITERS,
    "wagtailadmin_reports:workflow_tasks": WRITERS,
    "wagtailadmin_reports:workflow_tasks_results": WRITERS,
    "wagtailadmin_reports:site_history": STAFF,
    "wagtailadmin_reports:site_history_results": STAFF,
    "wagtailadmin_reports:aging_pages": WRITERS,
    "wagtailadmin_reports:aging_pages_results": WRITERS,
    "wagtailadmin_reports:page_types_usage": WRITERS,
    "wagtailadmin_reports:page_types_usage_results": WRITERS,
    "wagtailadmin_account": STAFF,
    # Signing out sends everyone, signed in or not, to the sign-in page.
    "wagtailadmin_logout": NOBODY,
    "wagtailadmin_dismissibles": STAFF,
    "wagtailadmin_editing_sessions:ping": WRITERS,
    "wagtailadmin_editing_sessions:release": STAFF,
    # 404 for everyone without a block to preview; staff-only (require_admin_access).
    "wagtailadmin_block_preview": NOBODY,
    # Comment moderation: Moderators, Editors (comments.moderate_comment). Authors see the
    # queue and a comment only for their own articles (this author has none: denied).
    "comments_admin:queue": MODERATION,
    "comments_admin:act": MODERATION,
    "comments_admin:comment": MODERATION,
    "comments_admin:commenter": MODERATION,
    "comments_admin:bans": MODERATION,
    "comments_admin:lift_ban": MODERATION,
    "comments_admin:article": MODERATION,
    "comments_admin:log": MODERATION,
    "audio_admin:narrations": STAFF,
    "audio_admin:narration": WRITERS,
    # Analytics: every staff member opens the dashboard and sees their scope (editors
    # everything, an author their own byline's articles, a moderator none); an article's
    # figures are for editors and the article's own authors (the matrix's author is not
    # on its byline).
    "analytics_admin:dashboard": STAFF,
    "analytics_admin:article": EDITORS,
    "api_keys:index": EDITORS,
    "api_keys:add": EDITORS,
    "api_keys:revoke": EDITORS,
    "wagtailforms:index": WRITERS,
    "wagtailforms:index_results": WRITERS,
    # Finding 1: readers' submissions (and their CSV) are for view_formsubmission only.
    "wagtailforms:list_submissions": EDITORS,
    "wagtailforms:list_submissions_results": EDITORS,
    "wagtailforms:delete_submissions": EDITORS,
    "wagtailredirects:index": EDITORS,
    "wagtailredirects:index_results": EDITORS,
    "wagtailredirects:add": EDITORS,
    "wagtailredirects:edit": EDITORS,
    "wagtailredirects:delete": EDITORS,
    "wagtailredirects:start_import": EDITORS,
    "wagtailsettings:edit": EDITORS,
    # Masthead's settings are not previewable: 404 for everyone.
    "wagtailsettings:preview_on_edit": NOBODY,
    "wagtailembeds:chooser": STAFF,
    "wagtailembeds:chooser_upload": STAFF,
    "wagtailsnippets:index": EDITORS,
    "wagtaildocs:index": WRITERS,
    "wagtaildocs:index_results": WRITERS,
    "wagtaildocs:add": WRITERS,
    "wagtaildocs:edit": EDITORS,
    "wagtaildocs:delete": EDITORS,
    "wagtaildocs:add_multiple": WRITERS,
    "wagtaildocs:edit_multiple": EDITORS,
    "wagtaildocs:delete_multiple": EDITORS,
    "wagtaildocs:delete_upload_multiple": SUPERUSER,
    "wagtaildocs:document_usage": EDITORS,
    "wagtailimages:index": WRITERS,
    "wagtailimages:index_results": WRITERS,
    "wagtailimages:edit": EDITORS,
    "wagtailimages:delete": EDITORS,
    # The image URL generator needs wagtailimages_serve, which Masthead does not mount.
    "wagtailimages:url_generator": NOBODY,
    "wagtailimages:url_generator_output": NOBODY,
    "wagtailimages:preview": EDITORS,
    "wagtailimages:add": WRITERS,
    "wagtailimages:image_usage": EDITORS,
    "wagtailimages:add_multiple": WRITERS,
    "wagtailimages:edit_multiple": EDITORS,
    "wagtailimages:create_multiple_from_uploaded_image": SUPERUSER,
    "wagtailimages:delete_multiple": EDITORS,
    "wagtailimages:delete_upload_multiple": SUPERUSER,
    "wagtailsnippets_audio_pronunciationentry:list": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:list_results": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:add": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:edit": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:delete": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:usage": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:history": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:history_results": EDITORS,
    "wagtailsnippets_audio_pronunciationentry:copy": EDITORS,
    "wagtailsnippetchoosers_audio_pronunciationentry:choose": STAFF,
    "wagtailsnippetchoosers_audio_pronunciationentry:choose_results": STAFF,
    "wagtailsnippetchoosers_audio_pronunciationentry:chosen": STAFF,
    "wagtailsnippetchoosers_audio_pronunciationentry:chosen_multiple": STAFF,
    "wagtailsnippetchoosers_audio_pronunciationentry:create": EDITORS,
    "livefeed:index": EDITORS,
    "livefeed:index_results": EDITORS,
    "livefeed:add": EDITORS,
    "livefeed:edit": EDITORS,
    "livefeed:delete": EDITORS,
    "livefeed:history": EDITORS,
    "livefeed:history_results": EDITORS,
    "livefeed:usage": EDITORS,
    "livefeed:copy": EDITORS,
    "webhooks:index": EDITORS,
    "webhooks:index_results": EDITORS,
    "webhooks:add": EDITORS,
    "webhooks:edit": EDITORS,
    "webhooks:delete": EDITORS,
    "webhooks:history": EDITORS,
    "webhooks:history_results": EDITORS,
    "webhooks:usage": EDITORS,
    "webhooks:endpoint": EDITORS,
    "webhooks:delivery": EDITORS,
    "webhooks:rotate": EDITORS,
    "webhooks:enable": EDITORS,
    "webhooks:disable": EDITORS,
    "webhooks:ping": EDITORS,
    # Members (members/wagtail_hooks.py, members/admin.py): readers' memberships, their
    # CSV export and member pages (payments, Stripe events) are for Editors. The admin
    # reads and corrects memberships; they begin at checkout or through services, so
    # adding (the form has no reader), copying and deleting stay with superusers.
    "memberships:index": EDITORS,
    "memberships:index_results": EDITORS,
    "memberships:inspect": EDITORS,
    "memberships:edit": EDITORS,
    "memberships:history": EDITORS,
    "memberships:history_results": EDITORS,
    "memberships:usage": EDITORS,
    "memberships:add": SUPERUSER,
    "memberships:copy": SUPERUSER,
    "memberships:delete": SUPERUSER,
    # Reader funding (members/funding_admin.py, payments/donation_admin.py, reports.py):
    # Editors run campaigns, search gifts, correct one before delivery and resend its
    # email, read donations and the funding reports. Gifts and donations begin only at
    # checkout: adding or deleting one is the superuser's.
    "campaigns:index": EDITORS,
    "campaigns:index_results": EDITORS,
    "campaigns:add": EDITORS,
    "campaigns:edit": EDITORS,
    "campaigns:delete": EDITORS,
    "campaigns:history": EDITORS,
    "campaigns:history_results": EDITORS,
    "campaigns:usage": EDITORS,
    "gifts:index": EDITORS,
    "gifts:index_results": EDITORS,
    "gifts:inspect": EDITORS,
    "gifts:edit": EDITORS,
    "gifts:history": EDITORS,
    "gifts:history_results": EDITORS,
    "gifts:usage": EDITORS,
    "gifts:resend": EDITORS,
    "gifts:add": SUPERUSER,
    "gifts:delete": SUPERUSER,
    "donations:index": EDITORS,
    "donations:index_results": EDITORS,
    "donations:inspect": EDITORS,
    # Wagtail asks for change_donation for a record's history and usage.
    "donations:history": SUPERUSER,
    "donations:history_results": SUPERUSER,
    "donations:usage": SUPERUSER,
    "donations:edit": SUPERUSER,
    "donations:add": SUPERUSER,
    "donations:delete": SUPERUSER,
    "funding_reports:index": EDITORS,
    "wagtailsnippets_members_tier:list": EDITORS,
    "wagtailsnippets_members_tier:list_results": EDITORS,
    "wagtailsnippets_members_tier:add": EDITORS,
    "wagtailsnippets_members_tier:edit": EDITORS,
    "wagtailsnippets_members_tier:delete": EDITORS,
    "wagtailsnippets_members_tier:usage": EDITORS,
    "wagtailsnippets_members_tier:history": EDITORS,
    "wagtailsnippets_members_tier:history_results": EDITORS,
    "wagtailsnippets_members_tier:reorder": EDITORS,
    "wagtailsnippets_members_tier:copy": EDITORS,
    # Choosing snippets is every staff role's (docs/security.md); a tier's name and
    # prices are public on /membership/. Creating one from the chooser needs add_tier.
    "wagtailsnippetchoosers_members_tier:choose": STAFF,
    "wagtailsnippetchoosers_members_tier:choose_results": STAFF,
    "wagtailsnippetchoosers_members_tier:chosen": STAFF,
    "wagtailsnippetchoosers_members_tier:chosen_multiple": STAFF,
    "wagtailsnippetchoosers_members_tier:create": EDITORS,
    # Newsletters (newsletters/admin_views.py, issue_admin.py): lists, issues and their
    # sends, subscribers and suppressed addresses are for Editors.
    "wagtailsnippets_newsletters_newsletter:list": EDITORS,
    "wagtailsnippets_newsletters_newsletter:list_results": EDITORS,
    "wagtailsnippets_newsletters_newsletter:add": EDITORS,
    "wagtailsnippets_newsletters_newsletter:edit": EDITORS,
    "wagtailsnippets_newsletters_newsletter:delete": EDITORS,
    "wagtailsnippets_newsletters_newsletter:usage": EDITORS,
    "wagtailsnippets_newsletters_newsletter:history": EDITORS,
    "wagtailsnippets_newsletters_newsletter:history_results": EDITORS,
    "wagtailsnippets_newsletters_newsletter:copy": EDITORS,
    "wagtailsnippetchoosers_newsletters_newsletter:choose": STAFF,
    "wagtailsnippetchoosers_newsletters_newsletter:choose_results": STAFF,
    "wagtailsnippetchoosers_newsletters_newsletter:chosen": STAFF,
    "wagtailsnippetchoosers_newsletters_newsletter:chosen_multiple": STAFF,
    "wagtailsnippetchoosers_newsletters_newsletter:create": EDITORS,
    "wagtailsnippets_newsletters_issue:list": EDITORS,
    "wagtailsnippets_newsletters_issue:list_results": EDITORS,
    "wagtailsnippets_newsletters_issue:add": EDITORS,
    "wagtailsnippets_newsletters_issue:edit": EDITORS,
    "wagtailsnippets_newsletters_issue:delete": EDITORS,
    "wagtailsnippets_newsletters_issue:usage": EDITORS,
    "wagtailsnippets_newsletters_issue:history": EDITORS,
    "wagtailsnippets_newsletters_issue:history_results": EDITORS,
    "wagtailsnippets_newsletters_issue:copy": EDITORS,
    "wagtailsnippetchoosers_newsletters_issue:choose": STAFF,
    "wagtailsnippetchoosers_newsletters_issue:choose_results": STAFF,
    "wagtailsnippetchoosers_newsletters_issue:chosen": STAFF,
    "wagtailsnippetchoosers_newsletters_issue:chosen_multiple": STAFF,
    "wagtailsnippetchoosers_newsletters_issue:create": EDITORS,
    # The send page, preview, progress and actions check change_issue (the action is
    # POSTed "send": an Author's press must not start a send).
    "newsletters_issue_send": EDITORS,
    "newsletters_issue_preview": EDITORS,
    "newsletters_issue_progress": EDITORS,
    "newsletters_issue_action": EDITORS,
    # Subscribers at scale (subscriber_admin.py): importing needs add_subscriber; the
    # export (every address) and the charts need change_subscriber.
    "newsletters_import": EDITORS,
    "newsletters_import_progress": EDITORS,
    "newsletters_export": EDITORS,
    "newsletters_charts": EDITORS,
    "wagtailsnippets_newsletters_subscriber:list": EDITORS,
    "wagtailsnippets_newsletters_subscriber:list_results": EDITORS,
    "wagtailsnippets_newsletters_subscriber:add": EDITORS,
    "wagtailsnippets_newsletters_subscriber:edit": EDITORS,
    "wagtailsnippets_newsletters_subscriber:delete": EDITORS,
    "wagtailsnippets_newsletters_subscriber:usage": EDITORS,
    "wagtailsnippets_newsletters_subscriber:history": EDITORS,
    "wagtailsnippets_newsletters_subscriber:history_results": EDITORS,
    "wagtailsnippets_newsletters_subscriber:copy": EDITORS,
    # Addresses are readers' personal data: Wagtail's snippet chooser showed them to every
    # staff role; newsletters/admin_views.py now asks for the model's permissions.
    "wagtailsnippetchoosers_newsletters_subscriber:choose": EDITORS,
    "wagtailsnippetchoosers_newsletters_subscriber:choose_results": EDITORS,
    "wagtailsnippetchoosers_newsletters_subscriber:chosen": EDITORS,
    "wagtailsnippetchoosers_newsletters_subscriber:chosen_multiple": EDITORS,
    "wagtailsnippetchoosers_newsletters_subscriber:create": EDITORS,
    # Editors see and add suppressed addresses; changing or lifting one is a superuser's
    # (view_suppression and add_suppression only).
    "wagtailsnippets_newsletters_suppression:list": EDITORS,
    "wagtailsnippets_newsletters_suppression:list_results": EDITORS,
    "wagtailsnippets_newsletters_suppression:add": EDITORS,
    "wagtailsnippets_newsletters_suppression:edit": SUPERUSER,
    "wagtailsnippets_newsletters_suppression:delete": SUPERUSER,
    "wagtailsnippets_newsletters_suppression:usage": SUPERUSER,  # Wagtail asks for change
    "wagtailsnippets_newsletters_suppression:history": EDITORS,
    "wagtailsnippets_newsletters_suppression:history_results": EDITORS,
    "wagtailsnippets_newsletters_suppression:copy": EDITORS,
    "wagtailsnippetchoosers_newsletters_suppression:choose": EDITORS,
    "wagtailsnippetchoosers_newsletters_suppression:choose_results": EDITORS,
    "wagtailsnippetchoosers_newsletters_suppression:chosen": EDITORS,
    "wagtailsnippetchoosers_newsletters_suppression:chosen_multiple": EDITORS,
    "wagtailsnippetchoosers_newsletters_suppression:create": EDITORS,
    "wagtailsites:index": SUPERUSER,
    "wagtailsites:index_results": SUPERUSER,
    "wagtailsites:add": SUPERUSER,
    "wagtailsites:edit": SUPERUSER,
    "wagtailsites:delete": SUPERUSER,
    "wagtailsites:history": SUPERUSER,
    "wagtailsites:history_results": SUPERUSER,
    "wagtailsites:usage": SUPERUSER,
    "wagtailsites:copy": SUPERUSER,
    "wagtailusers_users:index": SUPERUSER,
    "wagtailusers_users:index_results": SUPERUSER,
    "wagtailusers_users:add": SUPERUSER,
    "wagtailusers_users:edit": SUPERUSER,
    "wagtailusers_users:delete": SUPERUSER,
    "wagtailusers_users:history": SUPERUSER,
    "wagtailusers_users:history_results": SUPERUSER,
    "wagtailusers_users:usage": SUPERUSER,
    "wagtailusers_users:copy": SUPERUSER,
    "wagtailusers_groups:index": SUPERUSER,
    "wagtailusers_groups:index_results": SUPERUSER,
    "wagtailusers_groups:add": SUPERUSER,
    "wagtailusers_groups:edit": SUPERUSER,
    "wagtailusers_groups:delete": SUPERUSER,
    "wagtailusers_groups:history": SUPERUSER,
    "wagtailusers_groups:history_results": SUPERUSER,
    "wagtailusers_groups:usage": SUPERUSER,
    "wagtaildocs_chooser:choose": STAFF,
    "wagtaildocs_chooser:choose_results": STAFF,
    "wagtaildocs_chooser:chosen": WRITERS,
    "wagtaildocs_chooser:chosen_multiple": STAFF,
    "wagtaildocs_chooser:create": WRITERS,
    "wagtailimages_chooser:choose": STAFF,
    "wagtailimages_chooser:choose_results": STAFF,
    "wagtailimages_chooser:chosen": WRITERS,
    "wagtailimages_chooser:chosen_multiple": STAFF,
    "wagtailimages_chooser:create": WRITERS,
    "wagtailimages_chooser:select_format": WRITERS,
    "wagtailadmin_sprite": EVERYONE,
    # Signed-in staff are sent on to the dashboard.
    "wagtailadmin_login": frozenset({ANON, READER}),
    "wagtailadmin_password_reset": EVERYONE,
    "wagtailadmin_password_reset_done": EVERYONE,
    "wagtailadmin_password_reset_confirm": EVERYONE,
    "wagtailadmin_password_reset_complete": EVERYONE,
    "wagtailadmin_javascript_catalog": EVERYONE,
    "admin/^.*/$": EVERYONE,
    "api:openapi-json": EVERYONE,
    "api:openapi-view": EVERYONE,
    "api:articles": EVERYONE,
    "api:article": EVERYONE,
    "api:sections": EVERYONE,
    "api:authors": EVERYONE,
    "api:tags": EVERYONE,
    "api:create_article": WRITERS,
    # Admin API: a key acts with its creator's current permissions (finding 2).
    "api:get_article": WRITERS,
    "api:update_article": WRITERS,
    "api:publish_article": EDITORS,
    "api:schedule_article": EDITORS,
    "api:unpublish_article": EDITORS,
    "api:create_image": WRITERS,
    "api:create_feed_item": EDITORS,
    "api:update_feed_item": EDITORS,
    "api:delete_feed_item": EDITORS,
    # django-ninja's root: nothing is served there.
    "api:api-root": NOBODY,
}


@pytest.mark.parametrize(("route", "name", "params"), URLS, ids=[u[0] for u in URLS])
def test_every_role_gets_what_the_rules_say(matrix, route, name, params):
    key = name if name.rsplit(":", 1)[-1] else route
    seen = {}
    for role in ROLES:
        with transaction.atomic():  # each role sees the objects as built
            response = ask(matrix, role, route, name, params)
            transaction.set_rollback(True)
        seen[role] = (outcome(response), response.status_code)
    import os

    if os.environ.get("MATRIX_DUMP"):
        with open(os.environ["MATRIX_DUMP"], "a") as out:
            out.write(json.dumps([key, seen]) + "\n")
    assert key in RULES, f"{route} ({key}) has no rule: add who may use it to RULES"
    allowed = RULES[key]
    wrong = {
        role: status
        for role, (result, status) in seen.items()
        if result != ("allowed" if role in allowed else "denied")
        and not (key in NEEDS_STATE and role in allowed)
    }
    assert not wrong, f"{route}: unexpected answers {wrong} (allowed: {sorted(allowed)})"
