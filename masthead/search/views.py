import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from masthead.articles import queries

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200


def search(request):
    """Search articles. Empty, odd or over-long queries get a friendly page, never a 500."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = None
    error = False
    if query:
        try:
            found = (
                queries.published().order_by("-published_at").search(query, order_by_relevance=True)
            )
            paginator = Paginator(found, 20)
            try:
                results = paginator.page(request.GET.get("page", 1))
            except (PageNotAnInteger, EmptyPage):
                results = paginator.page(1)
            # Listing cards need their related rows; fetch them for this page only.
            ids = [page.pk for page in results.object_list]
            cards = {a.pk: a for a in queries.cards(queries.published().filter(pk__in=ids))}
            results.object_list = [cards[pk] for pk in ids if pk in cards]
        except Exception:  # a broken query must never take the page down
            logger.exception("search failed for %r", query)
            results, error = None, True
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": results, "error": error}
    )
