"""The Content API's URLs for an article, registered with core.purges in ApiConfig.ready."""

from django.urls import reverse


def api_paths(article):
    """The Content API reads that show `article` (content.py): its detail, the article
    list (a purge reaches every filter and cursor, which are query strings) and the
    topic tags with their counts."""
    return [
        reverse("api:articles"),
        reverse("api:article", args=[article.pk]),
        reverse("api:tags"),
    ]
