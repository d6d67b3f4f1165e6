"""The editorial roles migrate creates: Editors publish, Authors submit for review,
Moderators do not edit pages."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from masthead.pages.models import StandardPage
from masthead.pages.tests.factories import make_home
from masthead.users import services
from masthead.users.tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    home = make_home()
    return home.add_child(instance=StandardPage(title="About us", slug="about", live=True))


def edit_form(page, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "introduction": "Who we are.",
            "body": streamfield([("paragraph", rich_text("We report."))]),
            **extra,
        }
    )


def test_roles_and_review_workflow_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        services.EDITORS,
        services.AUTHORS,
        services.MODERATORS,
    }
    workflow = Workflow.objects.get(name=services.REVIEW_WORKFLOW)
    assert workflow.active
    assert Page.get_first_root_node().get_workflow() == workflow
    [task] = [t.specific for t in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [services.EDITORS]


def test_roles_are_repaired_idempotently():
    before = {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }

    services.do_ensure_editorial_roles()
    services.do_ensure_editorial_roles()

    after = {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    assert after == before
    assert Workflow.objects.filter(name=services.REVIEW_WORKFLOW).count() == 1


def test_editors_can_edit_and_publish(page):
    editor = StaffFactory(groups=[services.EDITORS])

    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit()
    assert permissions.can_publish()


def test_authors_can_edit_but_not_publish(page):
    author = StaffFactory(groups=[services.AUTHORS])

    permissions = page.permissions_for_user(author)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_moderators_cannot_edit_pages(page, client):
    moderator = StaffFactory(groups=[services.MODERATORS])

    permissions = page.permissions_for_user(moderator)
    assert not permissions.can_edit()
    assert not permissions.can_publish()
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)


def test_an_authors_submission_goes_to_editorial_review(page, client):
    author = StaffFactory(groups=[services.AUTHORS])
    editor = StaffFactory(groups=[services.EDITORS])
    assert client.login(email=author.email, password=PASSWORD)

    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_form(page, title="About us (new)", **{"action-submit": "1"}),
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "About us"  # the live page is unchanged until an editor approves
    state = page.current_workflow_state
    assert state.workflow.name == services.REVIEW_WORKFLOW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert task.name == services.REVIEW_WORKFLOW
    assert "approve" in [name for name, *_ in task.get_actions(page, editor)]
    assert task.get_actions(page, author) == []


def test_an_author_cannot_publish_through_the_admin(page, client):
    author = StaffFactory(groups=[services.AUTHORS])
    client.force_login(author)

    client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_form(page, title="Published?", **{"action-publish": "1"}),
    )

    page.refresh_from_db()
    assert page.title == "About us"
    assert page.live_revision is None or page.live_revision.content["title"] == "About us"
