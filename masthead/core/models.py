"""Site-wide settings and shared page mixins. No newsroom content lives here."""

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page, PageViewRestriction


class BasePage(Page):
    """Fields and behaviour every public page shares."""

    social_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared. Defaults to the page's lead image."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_social_image(self):
        return self.social_image

    def get_meta_description(self):
        return self.search_description

    def get_view_restrictions(self):
        """Wagtail's check on every serve, from the site's few restrictions kept in the cache
        (core/fragments.py) instead of two queries per request. Pages under an alias keep
        Wagtail's own lookup, which follows the alias to its source."""
        from masthead.core import fragments

        restrictions, alias_paths = fragments.view_restrictions()
        if any(self.path.startswith(path) for path in alias_paths):
            return super().get_view_restrictions()
        # A real queryset, as Wagtail's admin expects (.exists(), .order_by(): the privacy
        # view and Page.create_alias); an empty pk__in list runs no query.
        matching = [r.pk for r in restrictions if self.path.startswith(r.page_path)]
        if not matching:  # most pages
            return _no_restrictions()
        return PageViewRestriction.objects.filter(pk__in=matching)


@functools.cache
def _no_restrictions():
    """An empty queryset, evaluated once per process: iterating a fresh `.none()` builds
    its whole SELECT before finding it empty, on every serve (a tenth of a millisecond).
    Evaluated, it is only read (iterated, `.exists()`); whatever changes a queryset
    makes a copy first, so one object serves every request and thread."""
    found = PageViewRestriction.objects.none()
    list(found)  # runs no query: `.none()` never reaches the database
    return found


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who the outlet is: shown in the header, footer, feeds and structured data."""

    outlet_name = models.CharField(_("outlet name"), max_length=120, default="The Meridian Ledger")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences on who you are, for search engines and the footer."),
    )
    logo = models.ForeignKey(
        "images.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copyright_holder = models.CharField(_("copyright holder"), max_length=200, blank=True)
    editors_email = models.EmailField(
        _("editors' email"),
        blank=True,
        help_text=_("Where reader submissions are sent by default."),
    )

    panels = [
        FieldPanel("outlet_name"),
        FieldPanel("tagline"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("copyright_holder"),
        FieldPanel("editors_email"),
    ]

    class Meta:
        verbose_name = _("site settings")


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The header sections, the secondary links, the footer and the social accounts."""

    panels = [
        InlinePanel("header_links", heading=_("Header sections"), label=_("Section link")),
        InlinePanel("secondary_links", heading=_("Secondary links"), label=_("Link")),
        InlinePanel("footer_links", heading=_("Footer links"), label=_("Link")),
        InlinePanel("social_links", heading=_("Social accounts"), label=_("Account")),
    ]

    class Meta:
        verbose_name = _("navigation")


class NavLink(Orderable):
    """A link to a page on this site or to an external address."""

    label = models.CharField(
        _("label"), max_length=60, blank=True, help_text=_("Defaults to the page title.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("external URL"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("label"), FieldPanel("page"), FieldPanel("url")], heading=_("Link")
        )
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.label or (self.page.title if self.page_id else self.url)

    @property
    def is_external(self):
        return not self.page_id

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.page_id) == bool(self.url):
            raise ValidationError(_("Choose a page or enter an external URL, not both."))


class HeaderLink(NavLink):
    setting = ParentalKey(NavigationSettings, related_name="header_links", on_delete=models.CASCADE)


class SecondaryLink(NavLink):
    setting = ParentalKey(
        NavigationSettings, related_name="secondary_links", on_delete=models.CASCADE
    )


class FooterLink(NavLink):
    setting = ParentalKey(NavigationSettings, related_name="footer_links", on_delete=models.CASCADE)


class SocialLink(Orderable):
    PLATFORMS = [
        ("mastodon", "Mastodon"),
        ("bluesky", "Bluesky"),
        ("x", "X"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("youtube", "YouTube"),
        ("telegram", "Telegram"),
        ("tiktok", "TikTok"),
        ("linkedin", "LinkedIn"),
        ("other", _("Other")),
    ]

    setting = ParentalKey(NavigationSettings, related_name="social_links", on_delete=models.CASCADE)
    platform = models.CharField(_("platform"), max_length=20, choices=PLATFORMS)
    url = models.URLField(_("URL"))

    panels = [FieldPanel("platform"), FieldPanel("url")]

    def __str__(self):
        return self.get_platform_display()


class WorkerBeat(models.Model):
    """A task worker's sign of life (core/workers.py): refreshed every few seconds while
    its `db_worker` runs, removed when it stops. A task held by a worker whose beat is
    old was left behind by a crash and is queued again."""

    worker_id = models.CharField(max_length=64, unique=True)
    queues = models.CharField(max_length=255)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
