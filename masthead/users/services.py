"""Writes that concern users and their roles."""

import logging

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

logger = logging.getLogger(__name__)

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
    ],
    AUTHORS: ["wagtailadmin.access_admin"],
    MODERATORS: ["wagtailadmin.access_admin"],
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
