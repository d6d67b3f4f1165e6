"""Bulk-insert a large archive of demo articles, for benchmarks.

Wagtail pages are treebeard materialised-path nodes with multi-table
inheritance, so `ArticlePage.objects.bulk_create` is not possible. Instead,
per batch: bulk-create the base `wagtailcore_page` rows with precomputed
path/depth/url_path, insert the `articles_articlepage` rows (keyed by
page_ptr_id) with executemany, then the bylines and tags; at the end fix each
section's numchild. No revisions are written (latest_revision stays null) and
the search index is left to `manage.py update_index`.

Bodies come from a few dozen drafts written once; headlines, standfirsts,
dates, bylines and tags vary per article.
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Locale, Page

from masthead.articles.models import ArticleAuthor, ArticlePage, ArticlePageTag

from . import art
from .build import SEED, SPREAD, NoProgress, byline, choose_picture
from .stories import TAGS
from .world import cast
from .writer import DESKS, write

BATCH = 2000
DRAFTS_PER_DESK = 12
# Archive density: one article every INTERVAL, going back in time.
INTERVAL = datetime.timedelta(minutes=17)


def insert_articles(sections, pictures, authors, count, log=print, progress=None):
    """Add `count` articles, older than every existing one; return how many were added."""
    progress = progress or NoProgress
    now = timezone.now()
    oldest = ArticlePage.objects.filter(section__in=list(sections.values())).aggregate(
        Min("published_at")
    )
    start = min(oldest["published_at__min"] or now, now - SPREAD)

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    tag_ids = ensure_tags()
    drafts = prepare_drafts(pictures, authors, start)
    positions = {}
    for section in sections.values():
        last = (
            Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            .order_by("-path")
            .first()
        )
        positions[section.pk] = Page._str2int(last.path[-Page.steplen :]) if last else 0
    # Slugs carry a run-unique suffix so that topping up never collides.
    serial = ArticlePage.objects.count() + 1

    fields = list(ArticlePage._meta.local_concrete_fields)
    table = connection.ops.quote_name(ArticlePage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608  # nosec B608 # quoted model columns

    log(f"Bulk-inserting {count} articles in batches of {BATCH}…")
    added = 0
    bar = progress(total=count, desc="Archive", unit="article")
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        pages, children, bylines, tags = [], [], [], []
        for number in range(offset, offset + size):
            desk = DESKS[number % len(DESKS)]
            section = sections[desk.slug]
            draft = drafts[desk.slug][(number // len(DESKS)) % DRAFTS_PER_DESK]
            rng = art.make_rng(SEED * 13 + serial + number)
            when = start - INTERVAL * (number + 1) + datetime.timedelta(seconds=rng.randint(0, 600))
            slots = cast(rng, when)
            story = draft["story"]
            title = story.headlines[rng.randrange(len(story.headlines))].format_map(slots)
            title = title[0].upper() + title[1:]
            standfirst = story.standfirsts[rng.randrange(len(story.standfirsts))].format_map(slots)
            slug = f"{slugify(title)[:60].strip('-')}-{serial + number:x}"
            positions[section.pk] += 1
            page = Page(
                path=Page._get_path(section.path, section.depth + 1, positions[section.pk]),
                depth=section.depth + 1,
                numchild=0,
                translation_key=uuid.uuid4(),
                locale_id=locale.pk,
                live=True,
                has_unpublished_changes=False,
                first_published_at=when,
                last_published_at=when,
                title=title,
                draft_title=title,
                slug=slug,
                content_type_id=content_type.pk,
                url_path=f"{section.url_path}{slug}/",
                search_description=standfirst[:300],
            )
            pages.append(page)
            children.append(
                {
                    "social_image_id": None,
                    "standfirst": standfirst,
                    "kind": draft["kind"],
                    "access": ArticlePage.Access.PUBLIC,
                    "lead_image_id": draft["lead_image_id"],
                    "lead_image_caption": "",
                    "lead_image_credit": "",
                    "body": draft["body"],
                    "published_at": when,
                    "updated_at": None,
                    "changed_at": when,
                    "section_id": section.pk,
                    "word_count": draft["words"] + len(title.split()) + len(standfirst.split()),
                    "opinion_teaser_id": None,  # the newest on the same topic is chosen
                    "hide_opinion_teaser": False,
                }
            )
            bylines.append([a.pk for a in byline(draft["draft"], rng, authors)])
            tags.append(draft["tags"])

        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=500)
            rows = []
            for page, child in zip(pages, children, strict=True):
                child["page_ptr_id"] = page.pk
                rows.append([prepare(f, child[f.attname]) for f in fields])
            with connection.cursor() as cursor:
                cursor.executemany(insert_sql, rows)
            ArticleAuthor.objects.bulk_create(
                [
                    ArticleAuthor(article_id=page.pk, author_id=author_id, sort_order=order)
                    for page, ids in zip(pages, bylines, strict=True)
                    for order, author_id in enumerate(ids)
                ],
                batch_size=1000,
            )
            ArticlePageTag.objects.bulk_create(
                [
                    ArticlePageTag(content_object_id=page.pk, tag_id=tag_ids[name])
                    for page, names in zip(pages, tags, strict=True)
                    for name in names
                ],
                batch_size=1000,
            )
        added += size
        bar.update(size)
    bar.close()

    for section in sections.values():
        Page.objects.filter(pk=section.pk).update(
            numchild=Page.objects.filter(
                path__startswith=section.path, depth=section.depth + 1
            ).count()
        )
    return added


def prepare(model_field, value):
    if model_field.attname == "body":
        return value  # prepared once per draft
    return model_field.get_db_prep_save(value, connection)


def ensure_tags():
    ids = {}
    for name in TAGS:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(
            name=name, slug=slugify(name)
        )
        ids[name] = tag.pk
    return ids


def prepare_drafts(pictures, authors, when):
    """A dozen drafts per desk, with their bodies already in database form."""
    body_field = ArticlePage._meta.get_field("body")
    picture_ids = [image.pk for image in pictures.values()]
    drafts = {}
    for desk_number, desk in enumerate(DESKS):
        drafts[desk.slug] = []
        for number in range(DRAFTS_PER_DESK):
            rng = art.make_rng(SEED * 17 + desk_number * 100 + number)
            draft = write(desk, number, when, rng, images=picture_ids)
            story = desk.stories[number % len(desk.stories)]
            text_words = draft.words - len(draft.title.split()) - len(draft.standfirst.split())
            drafts[desk.slug].append(
                {
                    "draft": draft,
                    "story": story,
                    "kind": draft.kind,
                    "tags": draft.tags,
                    "words": text_words,
                    "lead_image_id": pictures[choose_picture(draft, rng).key].pk,
                    "body": body_field.get_db_prep_save(
                        body_field.to_python(draft.blocks_json()), connection
                    ),
                }
            )
    return drafts
