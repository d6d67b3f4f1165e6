"""Sections, articles, authors, topic tags and editors' picks."""

import html
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from masthead.core.blocks import RICH_TEXT_FEATURES
from masthead.core.models import BasePage

from .blocks import BodyBlock


def paginate(request, queryset, per_page=None, count=None):
    """Return the requested page of `queryset`; bad or out-of-range numbers fall back, never 500.
    `count`, when known (cached), saves the COUNT query; the page's rows are read only
    when its list is rendered."""
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


# How many editors' picks an article's foot shows at most.
FOOT_PICKS = 6


def truncate_words(text, length):
    """`text` with its white space collapsed, cut to at most `length` characters at a
    word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(" ,;:.-–—") + "…"


# The fields `ArticlePage.modified_at` is reckoned from.
CHANGE_TIMES = {"published_at", "updated_at", "last_published_at"}


def latest_of(*moments):
    """The latest of some datetimes, ignoring missing ones (None when all are)."""
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


class SectionPage(BasePage):
    """A desk of the newsroom (War, Analysis, Business…) listing its articles, newest first."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    template = "articles/section_page.html"

    class Meta:
        verbose_name = _("section")

    @property
    def fragment_tags(self):
        """The fragment tag of everything that shows this section (core/fragments.py)."""
        return f"section:{self.pk}"

    def get_context(self, request, *args, **kwargs):
        from masthead.core import fragments

        from . import queries

        context = super().get_context(request, *args, **kwargs)
        articles = queries.articles_in_section(self)
        # The list's HTML is a fragment (section_page.html): until the next purge, a
        # render reads neither the count nor the cards.
        count = fragments.get_or_set(
            request, "section-count", [self.pk], articles.count, tags=self.fragment_tags
        )
        context["articles"] = paginate(request, articles, count=count)
        return context


class AuthorsIndexPage(BasePage):
    """/authors/: everyone with a byline."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["articles.AuthorPage"]
    max_count = 1
    template = "articles/authors_index_page.html"

    class Meta:
        verbose_name = _("authors index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = (
            AuthorPage.objects.live()
            .child_of(self)
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("title")
        )
        return context


class AuthorPage(BasePage):
    """A byline: a person who writes, photographs or edits. May have no login."""

    photo = models.ForeignKey(
        "images.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_('e.g. "War correspondent"')
    )
    short_bio = models.CharField(
        _("short bio"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the box under articles."),
    )
    bio = RichTextField(_("bio"), blank=True, features=RICH_TEXT_FEATURES)
    email = models.EmailField(_("public email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_pages",
        help_text=_("The login of this person, if they have one."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("short_bio"),
        FieldPanel("bio"),
        FieldPanel("email"),
        InlinePanel("links", heading=_("Links"), label=_("Link")),
    ]
    settings_panels = [*BasePage.settings_panels, FieldPanel("user")]
    search_fields = [*BasePage.search_fields, index.SearchField("role"), index.SearchField("bio")]
    parent_page_types = ["articles.AuthorsIndexPage"]
    subpage_types = []
    template = "articles/author_page.html"

    class Meta:
        verbose_name = _("author")

    @property
    def fragment_tags(self):
        """The fragment tag of everything that shows this author (core/fragments.py)."""
        return f"author:{self.pk}"

    def get_context(self, request, *args, **kwargs):
        from masthead.core import fragments

        from . import queries

        context = super().get_context(request, *args, **kwargs)
        articles = queries.articles_by_author(self)
        # As on a section: the profile and list are a fragment (author_page.html).
        count = fragments.get_or_set(
            request, "author-count", [self.pk], articles.count, tags=self.fragment_tags
        )
        context["articles"] = paginate(request, articles, count=count)
        return context

    def get_social_image(self):
        return self.social_image or self.photo


class AuthorLink(Orderable):
    author = ParentalKey(AuthorPage, related_name="links", on_delete=models.CASCADE)
    label = models.CharField(_("label"), max_length=60, help_text=_('e.g. "Mastodon" or "Signal"'))
    url = models.URLField(_("URL"))

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("url")])]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(BasePage):
    """A story. Its section is its parent page; its authors are ordered bylines."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        FEATURE = "feature", _("Feature")
        EXPLAINER = "explainer", _("Explainer")
        INTERVIEW = "interview", _("Interview")
        INVESTIGATION = "investigation", _("Investigation")
        FIELD_REPORT = "field_report", _("Field report")
        REVIEW = "review", _("Review")

    standfirst = models.TextField(
        _("standfirst"),
        max_length=400,
        blank=True,
        help_text=_("The one- or two-sentence summary under the headline."),
    )

    class Access(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        REGISTERED = "registered", _("Signed-in readers")
        MEMBERS = "members", _("Members only")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    access = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Access.choices,
        default=Access.PUBLIC,
        help_text=_("Others see the first paragraphs and an invitation to sign in or join."),
    )
    lead_image = models.ForeignKey(
        "images.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )
    lead_image_credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the image's own credit."),
    )
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Set when the article is first published; change it to backdate."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_('Set after a substantive update; readers see "Updated" with this time.'),
    )
    # Denormalised for listings: the parent section and the text length.
    section = models.ForeignKey(
        SectionPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    # Denormalised `modified_at`, kept by save(): the Content API's `updated_since`
    # filters and orders on it through an index instead of computing it for every row.
    changed_at = models.DateTimeField(null=True, editable=False)
    # The opinion teaser under the body (queries.article_foot): the most related opinion
    # piece is chosen by itself unless an editor pins one here or hides the teaser.
    opinion_teaser = models.ForeignKey(
        "self",
        verbose_name=_("pinned opinion piece"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "opinion"},
        help_text=_(
            "Leave empty to show the newest opinion piece on the same topics (or the newest one)."
        ),
    )
    hide_opinion_teaser = models.BooleanField(
        _("hide the opinion teaser"),
        default=False,
        help_text=_("Show no opinion piece under this article."),
    )

    content_panels = [
        # TitleFieldPanel fills the slug (Promote tab) from the headline while the
        # article is a draft, so the first Publish never stops on an empty slug.
        TitleFieldPanel("title", heading=_("Headline"), placeholder=_("Headline*")),
        FieldPanel("standfirst"),
        FieldPanel("kind"),
        InlinePanel("article_authors", heading=_("Authors"), label=_("Author"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("opinion_teaser"), FieldPanel("hide_opinion_teaser")],
            heading=_("Opinion teaser"),
            classname="collapsed",
        ),
    ]
    settings_panels = [
        FieldPanel("access"),
        MultiFieldPanel([FieldPanel("published_at"), FieldPanel("updated_at")], heading=_("Times")),
        *BasePage.settings_panels,
    ]
    # The headline (Page's title, boost 2) outweighs the standfirst, bylines and tags
    # (1.5), which outweigh the body (no boost). On PostgreSQL these become the tsvector
    # labels B, C and D that masthead/search/queries.py weighs (see its tests).
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("standfirst", boost=1.5),
        index.SearchField("body"),
        index.SearchField("author_names", boost=1.5),
        index.RelatedFields("tags", [index.SearchField("name", boost=1.5)]),
        index.FilterField("section"),
        index.FilterField("kind"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["articles.SectionPage"]
    subpage_types = []
    template = "articles/article_page.html"

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(fields=["section", "-published_at"], name="article_section_published"),
            models.Index(fields=["changed_at", "page_ptr"], name="article_changed"),
            # the opinion teaser's newest opinion pieces (queries.article_foot)
            models.Index(fields=["kind", "-published_at"], name="article_kind_published"),
        ]

    @classmethod
    def get_indexed_objects(cls):
        # update_index reads bylines for every article: fetch them with the articles.
        return super().get_indexed_objects().prefetch_related("article_authors__author")

    def save(self, *args, **kwargs):
        self.word_count = self.count_words()
        if self.live and self.published_at is None:
            # Wagtail keeps first_published_at across publishes, so repeated
            # publishes of a draft made before the first one stamp the same time.
            self.published_at = self.first_published_at or timezone.now()
        self.changed_at = self.modified_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and CHANGE_TIMES & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "changed_at"}
        if self.path:
            parent = self.get_parent()
            self.section_id = (
                parent.pk if parent is not None and parent.specific_class is SectionPage else None
            )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.opinion_teaser_id and self.opinion_teaser_id == self.pk:
            raise ValidationError(
                {"opinion_teaser": _("An article cannot tease itself: choose another piece.")}
            )

    def count_words(self):
        text = [self.title or "", self.standfirst or ""]
        for block in self.body or []:
            if block.block_type == "paragraph":
                text.append(strip_tags(block.value.source))
            elif block.block_type == "heading":
                text.append(block.value["text"])
            elif block.block_type == "pull_quote":
                text.append(block.value["quote"])
        return sum(len(chunk.split()) for chunk in text)

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / settings.WORDS_PER_MINUTE))

    @cached_property
    def ordered_authors(self):
        return [link.author for link in self.article_authors.all() if link.author_id]

    def author_names(self):
        return ", ".join(author.title for author in self.ordered_authors)

    @property
    def caption(self):
        image = self.lead_image
        return self.lead_image_caption or (image.caption if image else "")

    @property
    def credit(self):
        image = self.lead_image
        return self.lead_image_credit or (image.credit if image else "")

    @property
    def kind_label(self):
        """The kind to show beside the section ("Analysis"), unless it is plain news
        or would repeat the section's name (an opinion piece in Opinion)."""
        if self.kind == self.Kind.NEWS:
            return ""
        label = str(self.get_kind_display())
        if self.section_id and self.section.title.strip().lower() == label.lower():
            return ""
        return label

    @property
    def was_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    def get_social_image(self):
        return self.social_image or self.lead_image

    def get_meta_description(self):
        return self.search_description or self.standfirst

    @property
    def modified_at(self):
        """When the article last changed for readers: its update time, or its latest
        publish, never before its publication time (feeds, sitemaps, dateModified)."""
        return latest_of(self.published_at, self.updated_at, self.last_published_at)

    def is_accessible_for_free(self):
        """Whether anyone may read the whole text (schema.org isAccessibleForFree)."""
        return self.access == self.Access.PUBLIC

    def split_body(self):
        """(teaser blocks everyone sees, the rest) of a gated article's body."""
        blocks = list(self.body or [])
        cut = settings.MEMBERS_TEASER_BLOCKS
        return blocks[:cut], blocks[cut:]

    @property
    def fragment_tags(self):
        """The fragment tag of everything that shows this article (core/fragments.py)."""
        return f"article:{self.pk}"

    def get_context(self, request, *args, **kwargs):
        from masthead.core import fragments

        from . import queries

        context = super().get_context(request, *args, **kwargs)
        # Reused across requests until the next purge (core/fragments.py), and read only
        # when a fragment that shows them is not cached: model instances cost a copy
        # (unpickling) on every read, where a warm render needs only the topics' ids.
        people = SimpleLazyObject(
            lambda: fragments.get_or_set(
                request,
                "article-people",
                [self.pk],
                lambda: (list(self.tags.all()), queries.authors_for_box(self)),
                tags=self.fragment_tags,
            )
        )
        tags = SimpleLazyObject(lambda: people[0])
        context["tags"] = tags
        context["authors"] = SimpleLazyObject(lambda: people[1])
        # The related list shows the section's and the topics' newest articles: its tags
        # as one string, which the per-process copy holds as it is.
        context["related_tags"] = fragments.get_or_set(
            request,
            "article-related-tags",
            [self.pk],
            lambda: " ".join(
                [f"article:{self.pk}", f"section:{self.section_id}"]
                + [f"topic:{tag.pk}" for tag in tags]
            ),
            tags=self.fragment_tags,
        )
        # The related list, the opinion teaser and the editors' picks come from one
        # read (queries.article_foot), made only when one of their fragments is missing.
        foot = SimpleLazyObject(lambda: self.foot(request, tags))
        context["foot"] = foot
        context["related_articles"] = SimpleLazyObject(lambda: foot.related)
        return context

    def foot(self, request, tags):
        from wagtail.models import Site

        from . import queries

        site = Site.find_for_request(request) if request is not None else None
        return queries.article_foot(
            self,
            tag_ids=[tag.pk for tag in tags],
            site_id=site.pk if site else None,
            picks=FOOT_PICKS,
        )

    def excerpt(self, length=300):
        """About `length` characters of the text's opening (or the standfirst when the
        body has no paragraphs), cut at a word with an ellipsis."""
        text = " ".join(
            html.unescape(strip_tags(block.value.source))
            for block in self.body or []
            if block.block_type == "paragraph"
        )
        return truncate_words(text or self.standfirst, length)


class ArticleAuthor(Orderable):
    article = ParentalKey(ArticlePage, related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(AuthorPage, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]


@register_setting(icon="pick")
class EditorsPicks(ClusterableModel, BaseSiteSetting):
    """The editors' ordered choice of articles, shown on home and beside articles."""

    panels = [InlinePanel("picks", label=_("Pick"), max_num=12)]

    class Meta:
        verbose_name = _("editors' picks")


class EditorsPick(Orderable):
    setting = ParentalKey(EditorsPicks, related_name="picks", on_delete=models.CASCADE)
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


@register_setting(icon="rss")
class FeedSettings(BaseSiteSetting):
    """What the RSS, Atom and JSON feeds carry."""

    class Content(models.TextChoices):
        SUMMARY = "summary", _("Summary: the standfirst and a link")
        FULL_TEXT = "full", _("Full text of each article")

    content = models.CharField(
        _("feed content"),
        max_length=10,
        choices=Content.choices,
        default=Content.SUMMARY,
        help_text=_("Full text lets readers read whole articles in their feed reader."),
    )
    items = models.PositiveSmallIntegerField(
        _("items per feed"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How many of the newest articles each feed lists (1 to 100)."),
    )

    panels = [FieldPanel("content"), FieldPanel("items")]

    class Meta:
        verbose_name = _("feeds")

    @property
    def full_text(self):
        return self.content == self.Content.FULL_TEXT
