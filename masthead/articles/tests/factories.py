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
