from django.http import Http404
from django.template.response import TemplateResponse
from taggit.models import Tag

from . import queries
from .models import paginate


def tag_page(request, slug):
    """Every published article on one topic, newest first."""
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    articles = paginate(request, queries.articles_tagged(tag))
    return TemplateResponse(request, "articles/tag_page.html", {"tag": tag, "articles": articles})
