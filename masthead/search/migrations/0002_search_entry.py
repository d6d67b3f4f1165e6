"""The search table (models.SearchEntry) and, on PostgreSQL, what keeps it filled.

On PostgreSQL the table gets the article's vectors and author ids, indexes for filtered
queries, and `masthead_search_refresh(ids)`: it writes the entry of each of these
articles that a reader can find (live, published, indexed by Wagtail) and deletes the
others. A trigger on Wagtail's index table calls it for every article whose index entry
is written or deleted, so the table follows the index however the index is kept (on
save, by `update_index`, by a task); services.py calls it on publish, unpublish and move,
which change what the index entry does not hold. At the end the table is filled from the
existing index.

Rows are narrow (past 128 bytes the whole vector goes to TOAST storage; the headline
vector and author ids stay in the row), so a bitmap of a few thousand matching entries
reads a few hundred pages, and only the entries that get scored or walked read their
whole vectors.
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
ALTER TABLE masthead_search_entry
    ADD COLUMN author_ids integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN headline tsvector NOT NULL DEFAULT '',
    ADD COLUMN document tsvector NOT NULL DEFAULT '';
ALTER TABLE masthead_search_entry SET (toast_tuple_target = 128);
ALTER TABLE masthead_search_entry ALTER COLUMN headline SET STORAGE MAIN;
ALTER TABLE masthead_search_entry ALTER COLUMN author_ids SET STORAGE PLAIN;
CREATE INDEX masthead_search_entry_document ON masthead_search_entry USING gin (document);
CREATE INDEX masthead_search_entry_headline ON masthead_search_entry USING gin (headline);
CREATE INDEX masthead_search_entry_authors ON masthead_search_entry USING gin (author_ids);
CREATE INDEX masthead_search_entry_newest ON masthead_search_entry
    (published_at DESC, article_id DESC);
CREATE INDEX masthead_search_entry_section ON masthead_search_entry
    (section_id, published_at DESC, article_id DESC);

CREATE FUNCTION masthead_search_refresh(ids integer[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM masthead_search_entry WHERE article_id = ANY(ids);
    INSERT INTO masthead_search_entry
        (article_id, section_id, published_at, author_ids, headline, document)
    SELECT a.page_ptr_id, a.section_id, a.published_at,
        ARRAY(SELECT aa.author_id FROM articles_articleauthor aa
              WHERE aa.article_id = a.page_ptr_id ORDER BY aa.author_id),
        e.title, e.title || e.body
    FROM articles_articlepage a
    JOIN wagtailcore_page p ON p.id = a.page_ptr_id
    JOIN wagtailsearch_indexentry e
        ON e.content_type_id = p.content_type_id AND e.object_id = a.page_ptr_id::text
    WHERE a.page_ptr_id = ANY(ids) AND p.live AND a.published_at IS NOT NULL;
$$;

-- The article ids among a statement's changed index entries (Wagtail writes many at
-- once in update_index and bulk indexing: one refresh per statement, not per row).
CREATE FUNCTION masthead_search_index_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM masthead_search_refresh(ARRAY(
        SELECT c.object_id::integer FROM changed c
        JOIN django_content_type t ON t.id = c.content_type_id
        WHERE t.app_label = 'articles' AND t.model = 'articlepage'));
    RETURN NULL;
END
$$;

CREATE TRIGGER masthead_search_index_inserted AFTER INSERT ON wagtailsearch_indexentry
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION masthead_search_index_changed();
CREATE TRIGGER masthead_search_index_updated AFTER UPDATE ON wagtailsearch_indexentry
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION masthead_search_index_changed();
CREATE TRIGGER masthead_search_index_deleted AFTER DELETE ON wagtailsearch_indexentry
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION masthead_search_index_changed();
"""

FILL = """
SELECT masthead_search_refresh(ARRAY(SELECT page_ptr_id FROM articles_articlepage));
"""

DROP = """
DROP TRIGGER IF EXISTS masthead_search_index_inserted ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS masthead_search_index_updated ON wagtailsearch_indexentry;
DROP TRIGGER IF EXISTS masthead_search_index_deleted ON wagtailsearch_indexentry;
DROP FUNCTION IF EXISTS masthead_search_index_changed();
DROP FUNCTION IF EXISTS masthead_search_refresh(integer[]);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
            row = cursor.fetchone()
        if row and row[0]:
            # Reading a vector is what a search spends its time on: lz4 decompresses it
            # several times faster than the default pglz.
            schema_editor.execute(
                "ALTER TABLE masthead_search_entry ALTER COLUMN document SET COMPRESSION lz4",
                params=None,
            )
        schema_editor.execute(FILL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_feed_settings"),
        ("masthead_search", "0001_index_entry_title_body_gin"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.articlepage",
                    ),
                ),
                ("section_id", models.IntegerField(null=True)),
                ("published_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "db_table": "masthead_search_entry",
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
