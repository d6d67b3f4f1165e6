"""What analytics keeps: hourly figures per article and per other reader page, the
articles' breakdowns, conversions.

No row names a reader. `Seen` holds, for the embedded buffer only, the salted daily hash
of each reader of an article in an hour, so that readers are counted once; it is deleted
within 24 hours, with the day's salt (`services.do_prune`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleHour(models.Model):
    """One article's figures for one hour (UTC)."""

    hour = models.DateTimeField(_("hour"))
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    # Distinct readers in this hour (salted daily hash).
    uniques = models.PositiveIntegerField(_("unique readers"), default=0)
    # Views whose reader reached the end of the article.
    reads = models.PositiveIntegerField(_("read to the end"), default=0)
    # Views that reported their time (the second beacon) and their seconds, summed.
    timed = models.PositiveIntegerField(default=0)
    seconds = models.PositiveBigIntegerField(_("seconds spent"), default=0)

    class Meta:
        verbose_name = _("article hour")
        constraints = [
            models.UniqueConstraint(fields=["hour", "article"], name="analytics_hour_article")
        ]
        indexes = [models.Index(fields=["article", "hour"])]
        permissions = [("view_all_figures", _("Can see every article's figures"))]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views} views"


class ArticleDay(models.Model):
    """Distinct readers of an article in one day (UTC): the hours' readers without repeats."""

    day = models.DateField(_("day"))
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    uniques = models.PositiveIntegerField(_("unique readers"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "article"], name="analytics_day_article")
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.day}: {self.uniques} readers"


class PageHour(models.Model):
    """Views of one reader page that is not an article (the home page, a section, an
    author's page…) in one hour (UTC), with its readers in that hour."""

    hour = models.DateTimeField(_("hour"))
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    uniques = models.PositiveIntegerField(_("unique readers"), default=0)

    class Meta:
        verbose_name = _("page hour")
        constraints = [models.UniqueConstraint(fields=["hour", "page"], name="analytics_hour_page")]
        indexes = [models.Index(fields=["page", "hour"])]

    def __str__(self):
        return f"{self.page_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views} views"


class Breakdown(models.Model):
    """Views of an article in an hour by one dimension's value."""

    class Kind(models.TextChoices):
        REFERRER = "r", _("Referrer")
        CAMPAIGN = "c", _("Campaign")
        DEVICE = "d", _("Device")
        COUNTRY = "g", _("Country")

    hour = models.DateTimeField()
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    value = models.CharField(max_length=100)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "article", "kind", "value"], name="analytics_breakdown_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "hour"])]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00} {self.kind}={self.value}"


class Seen(models.Model):
    """A reader (salted daily hash) seen on an article (or another page: `article_id` is
    a Wagtail page id either way) in an hour: the embedded buffer's way to count readers
    once. Deleted within 24 h."""

    hour = models.DateTimeField()
    article_id = models.IntegerField()
    visitor = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "article_id", "visitor"], name="analytics_seen_once"
            )
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}"


class FlushedSegment(models.Model):
    """A buffer segment already counted: written in the flush's transaction, so a segment
    whose deletion failed after the commit is discarded, never counted twice."""

    name = models.CharField(max_length=200, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class Conversion(models.Model):
    """A signup, new membership, donation or gift, with where the reader came from."""

    class Kind(models.TextChoices):
        SIGNUP = "signup", _("Newsletter signup")
        MEMBERSHIP = "membership", _("New membership")
        DONATION = "donation", _("Donation")
        GIFT = "gift", _("Gift membership")

    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        "articles.ArticlePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    referrer = models.CharField(_("referrer"), max_length=100, blank=True)
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # The owner's record ("membership:12"): the same conversion is stored once.
    ref = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("conversion")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "ref"],
                condition=~models.Q(ref=""),
                name="analytics_conversion_once",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
