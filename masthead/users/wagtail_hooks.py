"""Where Wagtail's defaults give a role more than the roles table (services.py) does.

Checked by tests/test_permission_matrix.py, which asks every admin URL as every role."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def submissions_need_view_permission(user, form_pages):
    """Wagtail shows a form's submissions (and their CSV export) to anyone who may edit
    the form page; readers' names, addresses and messages are for those who hold
    `view_formsubmission` (Editors) only."""
    if not user.has_perm("wagtailforms.view_formsubmission"):
        return form_pages.none()
    return form_pages


@hooks.register("before_move_page")
def moving_needs_move_permission(request, page, destination):
    """Wagtail's move confirmation shows any staff member the page and its destination
    before the move itself checks the permission: check it first."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
