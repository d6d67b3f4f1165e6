"""Sections, authors and articles for tests, and a quick way to make many articles."""

import datetime
import itertools

import factory
from django.utils import timezone
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorPage,
    AuthorsIndexPage,
    SectionPage,
)
from masthead.core.tests.factories import PageFactory
from masthead.images.tests.factories import ImageFactory

WORDS = (
    "the council met on tuesday to debate the new bridge while residents waited outside "
    "for news of the vote which came late in the evening after hours of argument"
).split()


def words(n, offset=0):
    """`n` plain words of newsroom prose."""
    return " ".join(itertools.islice(itertools.cycle(WORDS), offset, offset + n))


def paragraphs(total_words, per_paragraph=80):
    """A StreamField body of paragraphs holding exactly `total_words` words."""
    blocks = []
    done = 0
    while done < total_words:
        n = min(per_paragraph, total_words - done)
        blocks.append(("paragraph", RichText(f"<p>{words(n, done)}</p>")))
        done += n
    return blocks


class SectionPageFactory(PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Iterator(["War", "Analysis", "National", "Human Story", "Field Report"])
    slug = factory.Sequence(lambda n: f"section-{n}")
    introduction = factory.LazyAttribute(lambda o: f"The latest from our {o.title} desk.")


class AuthorsIndexPageFactory(PageFactory):
    class Meta:
        model = AuthorsIndexPage

    title = "Authors"
    slug = "authors"


class AuthorPageFactory(PageFactory):
    class Meta:
        model = AuthorPage

    title = factory.Sequence(lambda n: f"Olena Writer{n}")
    role = "Correspondent"
    short_bio = factory.LazyAttribute(lambda o: f"{o.title} reports from the front line.")
    bio = factory.LazyAttribute(lambda o: f"<p>{o.title} has covered the war since 2014.</p>")
    photo = factory.SubFactory(ImageFactory, width=400, height=400)


class ArticlePageFactory(PageFactory):
    """An article in `parent` (a SectionPage).

    Extra keywords: `authors=[AuthorPage, ...]` (the byline, in order) and
    `tags=["name", ...]`.
    """

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Shelling hits the river port, day {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "Residents describe a night of explosions as repair crews wait for daylight."
    kind = ArticlePage.Kind.NEWS
    lead_image = factory.SubFactory(ImageFactory)
    body = factory.LazyFunction(lambda: paragraphs(300))
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(minutes=n)
    )

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, authors=(), tags=(), **kw):
        page = model_class(*args, **kw)
        page.article_authors = [
            ArticleAuthor(author=author, sort_order=i) for i, author in enumerate(authors)
        ]
        if tags:
            page.tags.add(*tags)
        return cls.add_to_tree(page, parent, publish)


def make_articles(n, section, authors=(), tags=(), start=None, with_images=True, **kwargs):
    """Create `n` live articles in `section` quickly, newest last, each with its own image.

    For query-count tests and the benchmark: skips the reference index (its own
    task, tested elsewhere) so a few hundred articles take seconds.
    """
    start = start or timezone.now() - datetime.timedelta(days=365)
    created = []
    with disable_reference_index_auto_update():
        for i in range(n):
            created.append(
                ArticlePageFactory(
                    parent=section,
                    authors=authors,
                    tags=tags,
                    published_at=start + datetime.timedelta(minutes=i),
                    lead_image=ImageFactory() if with_images else None,
                    **kwargs,
                )
            )
    return created


def bulk_articles(
    n,
    sections,
    authors,
    images=(),
    tags=(),
    start=None,
    step_minutes=7,
    byline_length=1,
    tags_per_article=None,
):
    """Insert `n` live articles spread over `sections` in a few bulk queries.

    For the query-count tests and the benchmark, where thousands of articles must exist
    in seconds. It writes what the reading pages use (tree paths, the article row,
    bylines, tags) and skips what publishing through Wagtail also does (revisions,
    search index, reference index, logs). Each article gets `byline_length` authors,
    taken in turn from `authors`, and `tags_per_article` of `tags` in turn (default: all).
    Returns the new articles' ids, oldest first.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from masthead.articles.models import ArticlePageTag

    start = start or timezone.now() - datetime.timedelta(minutes=step_minutes * n)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    tag_objects = [Tag.objects.get_or_create(name=name)[0] for name in tags]
    fields = list(ArticlePage._meta.local_concrete_fields)
    sections = [Page.objects.get(pk=s.pk).specific for s in sections]
    next_step = {s.pk: s.numchild + 1 for s in sections}
    body = paragraphs(600, per_paragraph=120)
    created = []
    with transaction.atomic():
        for batch_start in range(0, n, 500):
            pages, articles = [], []
            for i in range(batch_start, min(n, batch_start + 500)):
                section = sections[i % len(sections)]
                step = next_step[section.pk]
                next_step[section.pk] += 1
                when = start + datetime.timedelta(minutes=step_minutes * i)
                slug = f"story-{when:%Y%m%d%H%M%S}-{i}"
                title = f"{section.title} dispatch {i}: {words(8, i)}"
                article = ArticlePage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    locale=locale,
                    path=Page._get_path(section.path, section.depth + 1, step),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=when,
                    last_published_at=when,
                    standfirst=words(24, i + 3).capitalize() + ".",
                    kind=ArticlePage.Kind.NEWS if i % 5 else ArticlePage.Kind.ANALYSIS,
                    lead_image=images[i % len(images)] if images else None,
                    body=body,
                    published_at=when,
                    changed_at=when,
                    section_id=section.pk,
                )
                article.word_count = article.count_words()
                pages.append(
                    Page(**{f.attname: getattr(article, f.attname) for f in _page_fields()})
                )
                articles.append(article)
            Page.objects.bulk_create(pages)
            for page, article in zip(pages, articles, strict=True):
                article.pk = article.page_ptr_id = article.id = page.pk
            ArticlePage._base_manager._insert(articles, fields=fields)
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(
                    article_id=article.pk,
                    author=authors[(i + batch_start + position) % len(authors)],
                    sort_order=position,
                )
                for i, article in enumerate(articles)
                for position in range(min(byline_length, len(authors)))
            )
            per_article = tags_per_article or len(tag_objects)
            ArticlePageTag.objects.bulk_create(
                ArticlePageTag(
                    content_object_id=article.pk,
                    tag=tag_objects[(i + batch_start + k) % len(tag_objects)],
                )
                for i, article in enumerate(articles)
                for k in range(min(per_article, len(tag_objects)))
            )
            created += [article.pk for article in articles]
        for section in sections:
            Page.objects.filter(pk=section.pk).update(
                numchild=F("numchild") + (next_step[section.pk] - 1 - section.numchild)
            )
    return created


def _page_fields():
    from wagtail.models import Page

    return [f for f in Page._meta.concrete_fields if f.attname != "id"]
