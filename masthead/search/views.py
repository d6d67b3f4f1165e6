"""The reader's search page (GET /search/)."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from . import queries
from .forms import SearchForm

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20


def search(request):
    """Search articles. Empty, odd or over-long queries and bad filters get a friendly
    page (with the error beside its field), never a 500."""
    form = SearchForm(request.GET if request.GET else None)
    context = {"form": form, "query": "", "results": None, "total": 0, "error": False}
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        context["query"] = query
        if query or form.has_filters():
            try:
                found = queries.find(query, **form.filters())
            except DatabaseError:  # a broken index must not take the page down
                logger.exception("search failed for %r", query)
                context["error"] = True
            else:
                page = paginate(request, found.ids)
                page.object_list = queries.results_for(page.object_list)
                context.update(results=page, total=found.total, capped=found.capped)
                if not found.ids:
                    context["sections"] = list(form.fields["section"].queryset)
                    context["unfiltered_query"] = urlencode({"q": query})
    response = TemplateResponse(request, "search/search.html", context)
    # Never in the app's page cache (PAGE_CACHE_EXCLUDE): results follow the index, which
    # the task worker updates after a publish. A CDN may hold an anonymous reader's page
    # for a few seconds (with a session, PageCacheMiddleware marks it private).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.SEARCH_CACHE_SECONDS
        )
    return response


def paginate(request, ids):
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))
