"""Article search: relevance with a recency boost, over Wagtail's search index.

One entry point, `search_articles()`. On Wagtail's database backend it runs SQL of its
own:

* PostgreSQL: over the search table (models.SearchEntry), one narrow row per live,
  published article with its section, time and author ids beside its vectors, copied
  from Wagtail's index (headline B; standfirst, bylines and tags C; body D); `ts_rank`
  scores a match. A common word can match most of the archive, and scoring reads every
  matching vector, so only candidates are scored: the newest CANDIDATES matches and the
  newest CANDIDATES headline matches. Beyond that many matches the page says "more
  than" instead of counting them.
* SQLite: the FTS5 table Wagtail keeps beside the index; `bm25` scores a match, with the
  headline column weighted above the rest. Words match as prefixes (FTS5 has no
  stemmer here), so "election" finds "elections".

Either way the score is multiplied by a recency factor between 1 and 2 that halves its
bonus every RECENCY_HALF_LIFE_DAYS: between two equally relevant articles the newer one
comes first, while a headline match still beats a mention in a body. Other backends
(Elasticsearch, OpenSearch) get Wagtail's own relevance order, without the recency boost.

Filters (section, author, dates) and what a reader may see (live, public, published)
come from an ordinary queryset on SQLite and other backends; on PostgreSQL the search
table holds only what a reader may see, and the same filters are its columns.
"""

import dataclasses
import datetime
import json
import logging
import re

from django.db import connection, transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from masthead.articles import queries as articles
from masthead.articles.models import ArticlePage

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# How many matches are scored and can be paged through. A reader never pages past it.
CANDIDATES = 200
# PostgreSQL: a word that PostgreSQL's statistics put in at least WALK_SHARE of the
# vectors is looked for in the newest articles first, reading at most WALK_LIMIT of them
# before the GIN index is asked instead. Reading an article's whole vector (in TOAST
# storage) costs ~10-20 µs; its headline vector, kept in the row, ~1 µs.
WALK_SHARE = {"document": 0.2, "headline": 0.04}
WALK_LIMIT = {"document": 1000, "headline": 5000}
# A phrase is checked on the vectors themselves (the GIN index only finds the articles
# with all of its words, each of which is then read): it is always looked for in the
# newest articles first, and further.
PHRASE_WALK_LIMIT = 3000
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
    capped: bool = False  # more matched than were counted and listed


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
        filters = {"section": section, "author": author, "date_from": date_from, "date_to": date_to}
        return _search_postgres(terms, backend, now, filters)
    if kind == "SQLiteSearchBackend" and connection.vendor == "sqlite" and _fts_table():
        return _search_sqlite(terms, allowed, now)
    return _search_generic(terms, allowed)


def _allowed_sql(allowed):
    sql, params = allowed.order_by().values("pk").query.sql_with_params()
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
    and every phrase must match. The configuration is named, so PostgreSQL folds the
    tsquery into a constant when planning and estimates how many rows match."""
    parts, params = [], []
    if terms.words:
        parts.append("plainto_tsquery(%s::regconfig, %s)")
        params += [config, " ".join(terms.words)]
    for phrase in terms.phrases:
        parts.append("phraseto_tsquery(%s::regconfig, %s)")
        params += [config, " ".join(phrase)]
    return "(" + " && ".join(parts) + ")", params


_default_configs = {}


def _postgres_config(backend):
    """The text search configuration Wagtail indexes with: its SEARCH_CONFIG, else the
    database's default (read once per database)."""
    if backend.config:
        return backend.config
    key = connection.settings_dict["NAME"]
    if key not in _default_configs:
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_text_search_config")
            _default_configs[key] = cursor.fetchone()[0]
    return _default_configs[key]


def _restricted_paths():
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _entry_filters(section, author, date_from, date_to, restricted, *, for_gin=False):
    """WHERE conditions on `s` (a search entry) for the filters. An entry exists only
    for a live, published article; view restrictions (rare) are checked on its page.

    `for_gin`: the section and dates are written so that no btree index can serve them
    (`+ 0`). Given one, PostgreSQL would fetch every article of the section or the dates
    and test each one's vector, which it takes for cheap but which reads the vector from
    TOAST storage; without one it takes the GIN index's matches and checks the section
    and dates on the table's narrow rows."""
    conditions, params = [], []
    if restricted:
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM wagtailcore_page p"
            " WHERE p.id = s.article_id AND p.path LIKE ANY(%s))"
        )
        params.append([path + "%" for path in restricted])
    section_id = "(s.section_id + 0)" if for_gin else "s.section_id"
    published_at = "(s.published_at + interval '0 s')" if for_gin else "s.published_at"
    if section is not None:
        conditions.append(f"{section_id} = %s")
        params.append(section.pk)
    if author is not None:
        conditions.append("s.author_ids @> ARRAY[%s]::integer[]")
        params.append(author.pk)
    tz = timezone.get_current_timezone()
    if date_from is not None:
        conditions.append(f"{published_at} >= %s")
        params.append(datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to is not None:
        conditions.append(f"{published_at} < %s")
        params.append(
            datetime.datetime.combine(
                date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
        )
    return " AND ".join(conditions) or "TRUE", params


def _newest_matches(cursor, vector, tsquery, tsquery_params, filters, phrase):
    """The newest CANDIDATES entries whose `vector` (document or headline) matches, with
    the filters, as [(article_id, published_at)], newest first.

    A word that PostgreSQL's statistics call common, and any phrase (the GIN index only
    narrows a phrase down to the articles with all its words, and each must then be
    read), is first looked for in the newest `walk_limit` filtered entries, in turn (a
    common word fills CANDIDATES within a few hundred). A rare word, or fewer matches
    than that among them, goes to the GIN index, and the filters are checked on the rows
    it finds (an author through the author index too)."""
    walk_limit = WALK_LIMIT[vector]
    if phrase:
        walk_limit = max(walk_limit, PHRASE_WALK_LIMIT)
    elif _matching_share(cursor, vector, tsquery, tsquery_params) < WALK_SHARE[vector]:
        return _newest_matches_by_gin(cursor, vector, tsquery, tsquery_params, filters)
    where, where_params = _entry_filters(**filters)
    cursor.execute(
        f"""
        SELECT w.article_id, w.published_at FROM (
            SELECT s.article_id, s.published_at, s.{vector} AS vector
            FROM masthead_search_entry s WHERE {where}
            ORDER BY s.published_at DESC, s.article_id DESC LIMIT %s
        ) w
        WHERE w.vector @@ {tsquery} LIMIT %s
        """,  # noqa: S608  # nosec B608 # identifiers are ours, values are parameters
        [*where_params, walk_limit, *tsquery_params, CANDIDATES],
    )
    # The subquery's order carries through the scan of its rows; its LIMIT keeps the
    # match out of it, so at most `walk_limit` vectors are read.
    rows = cursor.fetchall()
    if len(rows) >= CANDIDATES:
        return rows
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM masthead_search_entry s WHERE {where} LIMIT %s) n",  # noqa: S608  # nosec B608 # where: our SQL with %s
        [*where_params, walk_limit],
    )
    if cursor.fetchone()[0] < walk_limit:
        return rows  # the walk read every filtered entry
    return _newest_matches_by_gin(cursor, vector, tsquery, tsquery_params, filters)


def _matching_share(cursor, vector, tsquery, tsquery_params):
    """The share of entries whose `vector` matches, by PostgreSQL's statistics (its
    estimate for planning; no rows are read)."""
    cursor.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM masthead_search_entry s WHERE s.{vector} @@ {tsquery}",  # noqa: S608  # nosec B608 # vector: ours
        tsquery_params,
    )
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'masthead_search_entry'::regclass")
    entries = cursor.fetchone()[0]
    return plan[0]["Plan"]["Plan Rows"] / entries if entries and entries > 0 else 0.0


def _newest_matches_by_gin(cursor, vector, tsquery, tsquery_params, filters):
    where, where_params = _entry_filters(**filters, for_gin=True)
    # Only bitmap scans: of the GIN index (and the author index), never a btree walk.
    cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off")
    cursor.execute(
        f"""
        SELECT s.article_id, s.published_at FROM masthead_search_entry s
        WHERE s.{vector} @@ {tsquery} AND {where}
        ORDER BY s.published_at DESC, s.article_id DESC LIMIT %s
        """,  # noqa: S608  # nosec B608 # identifiers are ours, values are parameters
        [*tsquery_params, *where_params, CANDIDATES],
    )
    rows = cursor.fetchall()
    cursor.execute("SET LOCAL enable_indexscan = on; SET LOCAL enable_seqscan = on")
    return rows


def _search_postgres(terms, backend, now, filters):
    tsquery, tsquery_params = _postgres_tsquery(terms, _postgres_config(backend))
    half_life = RECENCY_HALF_LIFE_DAYS * 86400.0
    # The candidates: the newest CANDIDATES matches, and the newest CANDIDATES headline
    # matches, from the search table (models.SearchEntry), which holds the filters
    # beside the vectors. Only the candidates read their (large, compressed) document
    # vectors, for ts_rank.
    phrase = bool(terms.phrases)
    filters = {**filters, "restricted": _restricted_paths()}
    with transaction.atomic(), connection.cursor() as cursor:
        newest = _newest_matches(cursor, "document", tsquery, tsquery_params, filters, phrase)
        headlines = _newest_matches(cursor, "headline", tsquery, tsquery_params, filters, phrase)
        candidates = {article_id for article_id, _ in [*newest, *headlines]}
        if not candidates:
            return Found([], 0)
        cursor.execute(
            f"""
            SELECT s.article_id,
                ts_rank(%s::float4[], s.document, {tsquery})
                * (1 + power(0.5,
                    greatest(extract(epoch FROM (%s - s.published_at)), 0) / %s)) AS score
            FROM masthead_search_entry s WHERE s.article_id = ANY(%s)
            ORDER BY score DESC, s.published_at DESC, s.article_id DESC
            """,  # noqa: S608  # nosec B608 # identifiers are ours, values are parameters
            [PG_WEIGHTS, *tsquery_params, now, half_life, list(candidates)],
        )
        rows = cursor.fetchall()
    total = len(newest)
    # When the newest matches fill CANDIDATES there are more: their number is not counted.
    return Found([row[0] for row in rows], total, capped=total >= CANDIDATES)


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
    """  # noqa: S608  # nosec B608 # identifiers come from models, values are parameters
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
    total = rows[0][2] if rows else 0
    return Found([row[0] for row in rows], total, capped=total > len(rows))


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
    return Found(ids, total, capped=total > len(ids))


def results_for(ids):
    """The articles behind these ids, in this order, with everything a card shows
    (articles.queries.cards: sections, bylines, lead images and what other apps' card
    slots read, such as the comment count), in a fixed number of queries."""
    found = articles.cards(articles.published().filter(pk__in=ids))
    by_id = {article.pk: article for article in found}
    return [by_id[pk] for pk in ids if pk in by_id]
