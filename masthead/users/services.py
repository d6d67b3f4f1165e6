"""Writes that concern users and their roles."""

import hashlib
import hmac
import logging
from urllib.parse import urlencode

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from sesame import utils as sesame_utils

from masthead.core import ratelimit

from .models import ErasedAddress, User

logger = logging.getLogger(__name__)

NEW_ACCOUNT_SALT = "masthead.users.sign-in.new"
DELETION_SALT = "masthead.users.delete"
DELETION_MAX_AGE = 24 * 3600

EDITORS = "Editors"
AUTHORS = "Authors"
MODERATORS = "Moderators"
REVIEW_WORKFLOW = "Editorial review"

# page permission codenames per role, applied at the root of the page tree
PAGE_PERMISSIONS = {
    EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    AUTHORS: ["add_page", "change_page"],
    MODERATORS: [],
}
IMAGE_PERMISSIONS = {
    EDITORS: ["add_image", "change_image", "choose_image", "delete_image"],
    AUTHORS: ["add_image", "choose_image"],
    MODERATORS: [],
}
DOCUMENT_PERMISSIONS = {
    EDITORS: ["add_document", "change_document", "choose_document", "delete_document"],
    AUTHORS: ["add_document", "choose_document"],
    MODERATORS: [],
}
# plain model permissions (snippets, settings, form submissions)
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "webhooks.add_webhookendpoint",
        "webhooks.change_webhookendpoint",
        "webhooks.delete_webhookendpoint",
        "core.change_navigationsettings",
        "core.change_sitesettings",
        "articles.change_editorspicks",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "taggit.add_tag",
        "taggit.change_tag",
        "masthead_api.view_apikey",
        "masthead_api.add_apikey",
        "masthead_api.change_apikey",
        "audio.add_pronunciationentry",
        "audio.change_pronunciationentry",
        "audio.delete_pronunciationentry",
        "livefeed.add_feeditem",
        "livefeed.change_feeditem",
        "livefeed.delete_feeditem",
        "livefeed.view_feeditem",
        # Members: tiers, and the members list with its CSV export and member pages
        # (payments, Stripe events). Memberships begin at checkout or through services;
        # the admin only reads and corrects them (no add, no delete).
        "members.add_tier",
        "members.change_tier",
        "members.delete_tier",
        "members.view_membership",
        "members.change_membership",
        # Reader funding: campaigns; gifts (searched, corrected before delivery, their
        # email sent again; bought only at checkout); the reports.
        "members.add_campaign",
        "members.change_campaign",
        "members.delete_campaign",
        "members.view_campaign",
        "members.view_gift",
        "members.change_gift",
        "payments.view_donation",
        # Newsletters: lists, issues and their sends, subscribers, suppressed addresses
        # (added by hand; lifting one stays with superusers).
        "newsletters.add_newsletter",
        "newsletters.change_newsletter",
        "newsletters.delete_newsletter",
        "newsletters.add_issue",
        "newsletters.change_issue",
        "newsletters.delete_issue",
        "newsletters.add_subscriber",
        "newsletters.change_subscriber",
        "newsletters.delete_subscriber",
        "newsletters.add_suppression",
        "newsletters.view_suppression",
        # Comments: the moderation queue, bans and article comment settings; who may
        # post and the word lists (the site setting).
        "comments.moderate_comment",
        "comments.change_commentsettings",
    ],
    AUTHORS: ["wagtailadmin.access_admin"],
    # Moderators act on comments only: no pages, images, documents or settings.
    MODERATORS: ["wagtailadmin.access_admin", "comments.moderate_comment"],
}


def _permission(codename_path):
    app_label, codename = codename_path.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


@transaction.atomic
def do_ensure_editorial_roles(using="default"):
    """Create or repair the Editor, Author and Moderator roles and the review workflow.

    Idempotent: runs after every `migrate`. Editors publish; Authors draft and
    submit to the "Editorial review" workflow, which Editors approve; Moderators
    can enter the admin and will moderate comments.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    # Permissions are normally created after all post_migrate handlers run; make
    # sure they exist before we point groups at them.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return

    groups = {}
    for name in (EDITORS, AUTHORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for codename in PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
        # Image permissions belong to Wagtail's Image model (the policy's auth model),
        # whatever the image model is.
        for app_label, table in (
            ("wagtailimages", IMAGE_PERMISSIONS),
            ("wagtaildocs", DOCUMENT_PERMISSIONS),
        ):
            for codename in table[name]:
                permission = _permission(f"{app_label}.{codename}")
                if permission is None:
                    continue
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
            # Wagtail's own migrations give its stock "Moderators" and "Editors" groups
            # every image and document permission; a role holds only what the table says.
            GroupCollectionPermission.objects.filter(
                group=group, permission__content_type__app_label=app_label
            ).exclude(permission__codename__in=table[name]).delete()
        # choose_image of the custom image model, granted by earlier versions: unused.
        GroupCollectionPermission.objects.filter(
            group=group, permission__content_type__app_label="images"
        ).delete()
        for path in MODEL_PERMISSIONS[name]:
            permission = _permission(path)
            if permission is not None:
                group.permissions.add(permission)
        # Wagtail's stock "Moderators" group may publish pages; ours moderates comments only.
        if name == MODERATORS:
            GroupPagePermission.objects.filter(group=group).delete()

    task = GroupApprovalTask.objects.filter(name=REVIEW_WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_WORKFLOW)
    task.groups.set([groups[EDITORS]])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Retire Wagtail's default "Moderators approval" workflow so submissions go to Editors.
    Workflow.objects.exclude(pk=workflow.pk).filter(name="Moderators approval").update(active=False)


# --- Reader accounts: sign-in by emailed link, display name, data, deletion -----------


def address_digest(email):
    """A keyed hash of a normalised address: what an erased account leaves behind."""
    normalised = (email or "").strip().lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"erased:{normalised}".encode(), hashlib.sha256
    ).hexdigest()


def is_erased(email):
    """Whether this address belonged to a deleted account (never mail it again)."""
    return ErasedAddress.objects.filter(digest=address_digest(email)).exists()


def check_sign_in_allowed(email, ip):
    """Count a sign-in request against the per-IP and per-address limits; False when
    either is spent. Both are counted, so a flood of addresses from one IP and a flood
    of IPs at one address both stop."""
    ip_limit, ip_window = settings.SIGN_IN_RATE_PER_IP
    address_limit, address_window = settings.SIGN_IN_RATE_PER_ADDRESS
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    ip_ok = ratelimit.hit(f"sign-in:ip:{ip}", ip_limit, ip_window)
    address_ok = ratelimit.hit(f"sign-in:address:{digest}", address_limit, address_window)
    return ip_ok and address_ok


def sign_in_token(email):
    """The token in a sign-in link. A known reader gets a django-sesame token (signed,
    expires after SESAME_MAX_AGE, single use: it hashes last_login, which signing in
    changes). An unknown address gets a signed claim to create the account, which is
    single use because confirming creates the account it claims does not exist."""
    user = User.objects.filter(email=email, is_active=True).first()
    if user is not None:
        return "u." + sesame_utils.get_token(user)
    return "n." + signing.dumps({"e": email}, salt=NEW_ACCOUNT_SALT, compress=True)


def do_request_sign_in_link(email, next_url="/"):
    """Email a sign-in link to `email`, whether or not it has an account yet.

    The caller shows the same answer either way. Nothing is created here: a new
    address gets its account when the link is confirmed. Erased addresses and
    disabled accounts get no mail."""
    email = User.objects.normalize_email(email).strip().lower()
    if is_erased(email):
        logger.info("sign-in requested for an erased address: nothing sent")
        return False
    if User.objects.filter(email=email, is_active=False).exists():
        return False
    token = sign_in_token(email)
    link = (
        settings.SITE_URL
        + reverse("users:sign-in-confirm")
        + "?"
        + urlencode({"t": token, "next": next_url})
    )
    context = {"link": link, "minutes": settings.SESAME_MAX_AGE // 60}
    transaction.on_commit(
        lambda: send_mail(
            _("Your sign-in link"),
            render_to_string("users/email/sign_in.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )
    return True


class InvalidLink(Exception):
    pass


@transaction.atomic
def do_confirm_sign_in(token):
    """The reader a sign-in token names, creating a new address's account; raises
    InvalidLink when the token is bad, expired or used. The caller logs them in,
    which updates last_login and so spends a sesame token."""
    kind, _, value = (token or "").partition(".")
    if kind == "u":
        # Verify, lock the reader's row, verify again, then spend the token (it hashes
        # last_login): of two confirmations at once, the second sees the first's
        # last_login once it gets the lock, and fails.
        user = sesame_utils.get_user(value, update_last_login=False)
        if user is None or not user.is_active:
            raise InvalidLink
        User.objects.select_for_update().filter(pk=user.pk).first()
        user = sesame_utils.get_user(value, update_last_login=False)
        if user is None:
            raise InvalidLink
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        return user
    if kind == "n":
        try:
            claim = signing.loads(value, salt=NEW_ACCOUNT_SALT, max_age=settings.SESAME_MAX_AGE)
        except signing.BadSignature as error:
            raise InvalidLink from error
        email = claim["e"]
        if is_erased(email) or User.objects.filter(email=email).exists():
            raise InvalidLink  # used already (or the address was erased since)
        try:
            with transaction.atomic():
                user = User.objects.create_user(email)
        except IntegrityError as error:  # a second tab confirmed the same link
            raise InvalidLink from error
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        return user
    raise InvalidLink


@transaction.atomic
def do_set_display_name(user, display_name):
    user.display_name = display_name
    user.save(update_fields=["display_name"])


def reader_data(user):
    """Everything held on a reader, as JSON-able data ("Download my data")."""
    from . import account

    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        **account.data(user),
    }


def deletion_token(user):
    last = user.last_login.timestamp() if user.last_login else 0
    return signing.dumps({"u": user.pk, "l": last}, salt=DELETION_SALT)


def do_request_account_deletion(user):
    """Email the reader a link that confirms deleting their account (valid 24 h)."""
    link = (
        settings.SITE_URL
        + reverse("users:delete-confirm")
        + "?"
        + urlencode({"t": deletion_token(user)})
    )
    email = user.email
    transaction.on_commit(
        lambda: send_mail(
            _("Confirm deleting your account"),
            render_to_string("users/email/delete.txt", {"link": link}),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )


def user_for_deletion_token(token):
    try:
        claim = signing.loads(token or "", salt=DELETION_SALT, max_age=DELETION_MAX_AGE)
    except signing.BadSignature as error:
        raise InvalidLink from error
    user = User.objects.filter(pk=claim["u"], is_active=True).first()
    if user is None:
        raise InvalidLink
    last = user.last_login.timestamp() if user.last_login else 0
    if last != claim["l"]:
        raise InvalidLink  # a sign-in since the link was sent spends it
    return user


@transaction.atomic
def do_delete_account(user):
    """Cancel what other apps hold (their erasers), erase personal data and keep only
    a keyed hash of the address. The row stays, anonymised, so payment records that
    accounting must keep still point somewhere; it can never sign in again."""
    from . import account

    user = User.objects.select_for_update().get(pk=user.pk)
    for erase in account.erasers():
        erase(user)
    ErasedAddress.objects.get_or_create(digest=address_digest(user.email))
    user.email = f"erased-{user.pk}@invalid"
    user.first_name = user.last_name = user.display_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
