"""News feed items, the ordered log of their changes, and the page that lists them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from masthead.core.models import BasePage

HEADLINE_MAX = 160
BODY_MAX = 1200  # characters of text, markup not counted
# What the body's small editor offers: paragraphs, bold, italic and links.
BODY_FEATURES = ["bold", "italic", "link"]
FEED_FORMATS = ("rss", "atom", "json")


class FeedItemTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "livefeed.FeedItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


class FeedItem(models.Model):
    """One short, timestamped update. Written only through services.py."""

    headline = models.CharField(
        _("headline"),
        max_length=HEADLINE_MAX,
        help_text=_("At most %(count)d characters.") % {"count": HEADLINE_MAX},
    )
    body = RichTextField(
        _("text"),
        blank=True,
        features=BODY_FEATURES,
        help_text=_("One or two short paragraphs, at most %(count)d characters.")
        % {"count": BODY_MAX},
    )
    published_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("full article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_items",
        help_text=_("When the update grows into a full story, the item points to it."),
    )
    tags = TaggableManager(through=FeedItemTag, blank=True, verbose_name=_("tags"))
    breaking = models.BooleanField(_("breaking"), default=False)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned items stay at the top of the feed.")
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news feed item")
        verbose_name_plural = _("news feed items")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["pinned", "-published_at"], name="livefeed_pinned_idx")]

    def __str__(self):
        return self.headline

    @property
    def was_updated(self):
        return self.updated_at is not None


class FeedChange(models.Model):
    """The ordered log of changes to feed items, read by the live stream.

    Its id is the change sequence a page or a reconnecting reader resumes from. Rows are
    written in commit order (services.py takes a lock first), so a reader never skips a
    change that commits late. `payload` is the event's JSON, rendered once per change.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")

    item_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    payload = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.kind} {self.item_id} (#{self.pk})"


class LiveFeedPage(RoutablePageMixin, BasePage):
    """/news-feed/: every item, grouped by day, newest first, pinned items on top; one
    URL per item; the stream's RSS, Atom and JSON feeds. Live updates arrive through
    /live/stream (see CONTEXT.md)."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "livefeed/live_feed_page.html"

    class Meta:
        verbose_name = _("news feed page")

    @path("")
    def index(self, request):
        from . import views

        return views.feed_page(request, self)

    @path("item/<int:item_id>/")
    def item(self, request, item_id):
        from . import views

        return views.item_page(request, self, item_id)

    def item_url(self, item_id):
        return f"{self.url}item/{item_id}/"

    @staticmethod
    def feed_path(fmt):
        from django.urls import reverse

        return reverse("livefeed_feed", kwargs={"fmt": fmt})

    def cached_paths(self):
        """The paths of this page that show the newest items (for cache purges)."""
        return [self.url, *(self.feed_path(fmt) for fmt in FEED_FORMATS)]
