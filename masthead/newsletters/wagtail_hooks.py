from wagtail.snippets.models import register_snippet

from .admin_views import IssueViewSetGroup

register_snippet(IssueViewSetGroup)
