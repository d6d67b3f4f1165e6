"""The search table: one row per article a reader can find, on PostgreSQL.

Wagtail's index table (`wagtailsearch_indexentry`) holds every indexed object of every
model, with nothing to filter on; joining it to the articles for a filter read each
matching row's large, compressed vector. A search entry carries what a query filters on
(section, publication time, author ids) beside the article's vectors, so one index on
one table answers "this word, in this section" or "this word, by this author".

The rows are written by PostgreSQL (migration 0002: a trigger on Wagtail's index table,
and `masthead_search_refresh(ids)`) and by services.py; nothing reads them through the
ORM. The model exists so Django knows the table: it deletes an article's entry with the
article, and empties the table between tests. The vectors and the author ids are
PostgreSQL types that migration 0002 adds there only; on other databases the table stays
empty.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    article = models.OneToOneField(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    section_id = models.IntegerField(null=True)
    published_at = models.DateTimeField()

    class Meta:
        db_table = "masthead_search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"search entry of article {self.article_id}"
