import logging

from django_tasks import task

logger = logging.getLogger(__name__)

CHUNK = 500


@task()
def reindex_author_articles_task(author_id):
    """Index again every article with this author in its byline (after a rename, so
    that searching the new name finds them). Safe to run twice."""
    from wagtail.search.backends import get_search_backends

    from masthead.articles.models import ArticlePage

    articles = ArticlePage.get_indexed_objects().filter(article_authors__author_id=author_id)
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = list(articles.filter(pk__in=ids[start : start + CHUNK]).order_by("pk"))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(ArticlePage, chunk)
    logger.info("reindexed %d articles of author %s", len(ids), author_id)
