"""Article search: relevance with a recency boost, over Wagtail's search index.

One entry point, `search_articles()`. On Wagtail's database backend it runs one SQL
statement of its own over the index Wagtail keeps (`wagtailsearch_indexentry`):

* PostgreSQL: the headline (weight A), the standfirst, bylines and tags (B) and the body
  (D) are tsvectors; `ts_rank` scores a match. A common word can match most of the
  archive, and scoring reads every matching body, so only the best CANDIDATES matches
  are scored: headline matches first, then the newest. The count stays exact.
* SQLite: the FTS5 table Wagtail keeps beside the index; `bm25` scores a match, with the
  headline column weighted above the rest. Words match as prefixes (FTS5 has no
  stemmer here), so "election" finds "elections".

Either way the score is multiplied by a recency factor between 1 and 2 that halves its
bonus every RECENCY_HALF_LIFE_DAYS: between two equally relevant articles the newer one
comes first, while a headline match still beats a mention in a body. Other backends
(Elasticsearch, OpenSearch) get Wagtail's own relevance order, without the recency boost.

Filters (section, author, dates) and what a reader may see (live, public, published)
come from an ordinary queryset, so they mean the same on every backend.
"""

import dataclasses
import datetime
import logging
import re

from django.db import connection
from django.db.models import Prefetch
from wagtail.search.backends import get_search_backend

from masthead.articles import queries as articles
from masthead.articles.models import ArticleAuthor, ArticlePage

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# How many matches are scored and can be paged through. A reader never pages past it.
CANDIDATES = 1000
RECENCY_HALF_LIFE_DAYS = 180
# ts_rank weights for the tsvector labels {D, C, B, A}: body, -, standfirst/bylines/tags,
# headline. Matches the boosts in ArticlePage.search_fields.
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# bm25 weights of Wagtail's FTS5 columns, in their order: autocomplete, body, title.
SQLITE_WEIGHTS = (0.0, 1.0, 10.0)

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


@dataclasses.dataclass(frozen=True)
class Terms:
    """A query as plain words and quoted phrases (each a tuple of words)."""

    words: tuple = ()
    phrases: tuple = ()

    def __bool__(self):
        return bool(self.words or self.phrases)


def clean_query(raw):
    """The query as a reader may see it echoed: one line, no control characters, bounded."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse(query):
    """Words and "quoted phrases" of a query; every other character is ignored, so no
    input is a syntax error on any backend."""
    budget = MAX_TERMS
    phrases = []
    for match in _PHRASE.finditer(query):
        words = tuple(w[:MAX_TERM_LENGTH] for w in _WORD.findall(match.group(1))[:budget])
        budget -= len(words)
        if words:
            phrases.append(words)
    words = [p[0] for p in phrases if len(p) == 1]  # a quoted single word is a word
    words += [w[:MAX_TERM_LENGTH] for w in _WORD.findall(_PHRASE.sub(" ", query))[:budget]]
    return Terms(words=tuple(dict.fromkeys(words)), phrases=tuple(p for p in phrases if len(p) > 1))


@dataclasses.dataclass
class Found:
    """Ranked article ids (at most CANDIDATES) and how many articles matched in all."""

    ids: list
    total: int

    @property
    def capped(self):
        """More matched than a reader can page through."""
        return self.total > len(self.ids)


def candidate_articles(section=None, author=None, date_from=None, date_to=None):
    """What a reader may find: published, live, public articles, filtered."""
    found = articles.published()
    if section is not None:
        found = found.filter(section=section)
    if author is not None:
        found = found.filter(article_authors__author=author)
    if date_from is not None:
        found = found.filter(published_at__date__gte=date_from)
    if date_to is not None:
        found = found.filter(published_at__date__lte=date_to)
    return found


def search_articles(query, *, section=None, author=None, date_from=None, date_to=None, now=None):
    """Articles matching `query`, best first. Returns a Found; an empty query, or one of
    only ignored words, finds nothing."""
    terms = parse(clean_query(query))
    if not terms:
        return Found([], 0)
    allowed = candidate_articles(section, author, date_from, date_to)
    now = now or datetime.datetime.now(tz=datetime.UTC)
    backend = get_search_backend()
    kind = type(backend).__name__
    if kind == "PostgresSearchBackend" and connection.vendor == "postgresql":
        return _search_postgres(terms, allowed, now, backend.config)
    if kind == "SQLiteSearchBackend" and connection.vendor == "sqlite" and _fts_table():
        return _search_sqlite(terms, allowed, now)
    return _search_generic(terms, allowed)


def _allowed_sql(allowed):
    sql, params = allowed.values("pk").query.sql_with_params()
    return sql, list(params)


def _index_table():
    from wagtail.search.models import IndexEntry

    return IndexEntry._meta.db_table


def _fts_table():
    try:
        from wagtail.search.models import SQLiteFTSIndexEntry
    except ImportError:
        return None
    return SQLiteFTSIndexEntry._meta.db_table


def _article_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(ArticlePage).pk


def _postgres_tsquery(terms, config):
    """SQL for the tsquery and its parameters: every word (stemmed, stop words dropped)
    and every phrase must match."""
    regconfig = "COALESCE(%s, current_setting('default_text_search_config'))::regconfig"
    parts, params = [], []
    if terms.words:
        parts.append(f"plainto_tsquery({regconfig}, %s)")
        params += [config, " ".join(terms.words)]
    for phrase in terms.phrases:
        parts.append(f"phraseto_tsquery({regconfig}, %s)")
        params += [config, " ".join(phrase)]
    return " && ".join(parts), params


def _search_postgres(terms, allowed, now, config):
    tsquery, tsquery_params = _postgres_tsquery(terms, config)
    allowed_sql, allowed_params = _allowed_sql(allowed)
    index = connection.ops.quote_name(_index_table())
    half_life = RECENCY_HALF_LIFE_DAYS * 86400.0
    # `hits` uses the GIN index on (title || body) that this app's migration adds; only
    # the CANDIDATES rows read their (large, compressed) body vectors, for ts_rank.
    sql = f"""
        WITH q AS (SELECT {tsquery} AS q),
        hits AS MATERIALIZED (
            SELECT e.id AS entry_id, e.object_id::integer AS article_id, e.title @@ q.q AS in_title
            FROM {index} e, q
            WHERE e.content_type_id = %s AND numnode(q.q) > 0 AND (e.title || e.body) @@ q.q
        ),
        matched AS MATERIALIZED (
            SELECT h.entry_id, h.article_id, h.in_title, a.published_at
            FROM hits h JOIN articles_articlepage a ON a.page_ptr_id = h.article_id
            WHERE h.article_id IN ({allowed_sql})
        ),
        candidates AS (
            SELECT * FROM matched ORDER BY in_title DESC, published_at DESC LIMIT %s
        )
        SELECT c.article_id,
            ts_rank(%s::float4[], e.title || e.body, q.q)
            * (1 + power(0.5, greatest(extract(epoch FROM (%s - c.published_at)), 0) / %s))
            AS score,
            (SELECT count(*) FROM matched) AS total
        FROM candidates c JOIN {index} e ON e.id = c.entry_id, q
        ORDER BY score DESC, c.published_at DESC, c.article_id DESC
    """  # noqa: S608 - identifiers come from models, values are parameters
    params = [
        *tsquery_params,
        _article_content_type_id(),
        *allowed_params,
        CANDIDATES,
        PG_WEIGHTS,
        now,
        half_life,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Found([row[0] for row in rows], rows[0][2] if rows else 0)


def _fts5_query(terms):
    """An FTS5 MATCH expression: every word (as a prefix, when long enough to mean one)
    and every phrase, each a quoted string, so nothing a reader types is an operator."""

    def quoted(text):
        return '"' + text.replace('"', '""') + '"'

    parts = [quoted(w) + ("*" if len(w) >= 3 else "") for w in terms.words]
    parts += [quoted(" ".join(p)) for p in terms.phrases]
    return " AND ".join(parts)


def _search_sqlite(terms, allowed, now):
    fts = connection.ops.quote_name(_fts_table())
    index = connection.ops.quote_name(_index_table())
    allowed_sql, allowed_params = _allowed_sql(allowed)
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    sql = f"""
        WITH hits AS (
            SELECT e.id AS entry_id, CAST(e.object_id AS INTEGER) AS article_id,
                bm25({fts}, {weights}) AS rank
            FROM {fts} JOIN {index} e ON e.id = {fts}.rowid
            WHERE {fts} MATCH %s AND e.content_type_id = %s
        )
        SELECT h.article_id,
            -h.rank * (1 + POWER(0.5,
                MAX(julianday(%s) - julianday(a.published_at), 0) / %s)) AS score,
            COUNT(*) OVER () AS total
        FROM hits h JOIN articles_articlepage a ON a.page_ptr_id = h.article_id
        WHERE h.article_id IN ({allowed_sql})
        ORDER BY score DESC, a.published_at DESC, h.article_id DESC
        LIMIT %s
    """  # noqa: S608 - identifiers come from models, values are parameters
    params = [
        _fts5_query(terms),
        _article_content_type_id(),
        now.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        float(RECENCY_HALF_LIFE_DAYS),
        *allowed_params,
        CANDIDATES,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Found([row[0] for row in rows], rows[0][2] if rows else 0)


def _search_generic(terms, allowed):
    """Any other Wagtail backend: its relevance order, then our filters."""
    text = " ".join([*terms.words, *(" ".join(p) for p in terms.phrases)])
    ranked = [page.pk for page in articles.published().search(text)[:CANDIDATES]]
    keep = set(allowed.filter(pk__in=ranked).values_list("pk", flat=True))
    ids = [pk for pk in ranked if pk in keep]
    return Found(ids, len(ids))


def find(query, **filters):
    """What the search page lists: matches for `query`, best first; with no query but
    some filters, the filtered articles, newest first."""
    if query:
        return search_articles(query, **filters)
    newest = candidate_articles(**filters).order_by("-published_at", "-pk")
    ids = list(newest.values_list("pk", flat=True)[:CANDIDATES])
    total = len(ids) if len(ids) < CANDIDATES else newest.count()
    return Found(ids, total)


def results_for(ids):
    """The articles behind these ids, in this order, with their sections and bylines
    (a fixed number of queries)."""
    found = (
        articles.published()
        .filter(pk__in=ids)
        .select_related("section", "lead_image")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
            )
        )
    )
    by_id = {article.pk: article for article in found}
    return [by_id[pk] for pk in ids if pk in by_id]
