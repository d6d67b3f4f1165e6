"""Home, standard, team, jobs and reader form pages."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable

from masthead.articles.blocks import BodyBlock
from masthead.core import fragments
from masthead.core.blocks import RICH_TEXT_FEATURES
from masthead.core.forms import (
    MAX_LENGTH_CEILING,
    AccessibleFormMixin,
    HoneypotMixin,
    LimitedFormBuilder,
)
from masthead.core.models import BasePage

_RESEND = _(
    "Your message was not sent yet: your browser did not say which site the form came "
    "from. Please check it and send it again."
)


class HomePage(BasePage):
    """The front page: lead story, section rows, latest, editors' picks and the widget slots."""

    lead_article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The top story. Leave empty to lead with the newest article."),
    )
    section_rows = models.PositiveSmallIntegerField(
        _("section rows"),
        default=6,
        help_text=_("How many sections get a row of their latest stories."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead_article"),
        FieldPanel("section_rows"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from . import queries

        context = super().get_context(request, *args, **kwargs)
        # Read only when one of home_page.html's fragments is not cached (a purge away).
        context["front"] = SimpleLazyObject(lambda: queries.front_page(self, request))
        return context

    def route(self, request, path_components):
        """Find the page at this address, reused until the next purge (core/fragments.py:
        every publish, unpublish, move or deletion purges it) when it is a plain page,
        one that routes no further itself: building these queries costs more CPU than
        rendering the cached fragments around them."""
        from wagtail.models import Page
        from wagtail.url_routing import RouteResult

        if not path_components:
            return super().route(request, path_components)
        found = {}

        def find():
            found["result"] = result = self.find_route(request, path_components)
            page, args, kwargs = result
            plain = not args and not kwargs and type(page).route is Page.route
            return page if plain else None

        page = fragments.get_or_set(
            request,
            "route",
            [self.pk, *path_components],
            find,
            keep_none=False,
            tags=[fragments.path_tag(request.path)],
        )
        if "result" in found:
            return found["result"]
        if not page.live:
            raise Http404
        return RouteResult(page)

    def find_route(self, request, path_components):
        """An article's address is /<section>/<article>/: find it with one query instead
        of Wagtail's query per level and per `.specific`: by slug (indexed), never by
        url_path, which has no index. Anything else (or an article not directly in a
        section) takes Wagtail's way."""
        from wagtail.models import Page
        from wagtail.url_routing import RouteResult

        from masthead.articles.models import ArticlePage, SectionPage

        if len(path_components) == 2 and SectionPage.route is ArticlePage.route is Page.route:
            section_slug, slug = path_components
            # `section` is the parent page whenever it is set (ArticlePage.save).
            # The slug's index finds the few articles of that name; the tree checks are
            # done here (a path range in SQL can lead PostgreSQL to scan the whole tree).
            candidates = ArticlePage.objects.filter(
                slug=slug, depth=self.depth + 2, section__slug=section_slug
            ).select_related("section")
            for article in candidates:
                parent_path = article.path[: -article.steplen]
                if article.section.path == parent_path and parent_path.startswith(self.path):
                    if not article.live:
                        raise Http404
                    return RouteResult(article)
        return super().route(request, path_components)


class StandardPage(BasePage):
    """About, Advertising, J-School and the like."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage", "pages.FormPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class TeamMemberBlock(blocks.StructBlock):
    author = blocks.PageChooserBlock(page_type="articles.AuthorPage", required=False)
    name = blocks.CharBlock(required=False, help_text=_("For people without an author page."))
    title = blocks.CharBlock(
        required=False, help_text=_("Their title on the masthead; defaults to the author's role.")
    )


class TeamGroupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(help_text=_('e.g. "Editors" or "Correspondents"'))
    members = blocks.ListBlock(TeamMemberBlock())

    class Meta:
        icon = "group"


class TeamPage(BasePage):
    """The masthead: the people of the newsroom, grouped by role."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=800)
    groups = StreamField([("group", TeamGroupBlock())], blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("introduction"), FieldPanel("groups")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1
    template = "pages/team_page.html"

    class Meta:
        verbose_name = _("team page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Everyone's photo and its renditions in two queries, not two per person.
        people = [
            member["author"]
            for group in self.groups
            for member in group.value["members"]
            if member["author"] is not None
        ]
        prefetch_related_objects(people, "photo__renditions")
        return context


class JobsPage(BasePage):
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    no_openings_text = models.CharField(
        max_length=255, default=_("There are no open positions right now. Check back soon.")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("no_openings_text"),
        InlinePanel("listings", heading=_("Job listings"), label=_("Listing")),
    ]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1
    template = "pages/jobs_page.html"

    class Meta:
        verbose_name = _("jobs page")

    def open_listings(self):
        today = timezone.localdate()
        return [
            job for job in self.listings.all() if job.closes_on is None or job.closes_on >= today
        ]


class JobListing(Orderable):
    class Type(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        CONTRACT = "contract", _("Contract")
        FREELANCE = "freelance", _("Freelance")
        INTERNSHIP = "internship", _("Internship")

    page = ParentalKey(JobsPage, related_name="listings", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=120, blank=True)
    employment_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.FULL_TIME
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    apply_url = models.URLField(_("apply at (URL)"), blank=True)
    apply_email = models.EmailField(_("apply by email"), blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("location"), FieldPanel("employment_type"), FieldPanel("closes_on")]
        ),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("apply_url"), FieldPanel("apply_email")]),
    ]

    def __str__(self):
        return self.title


class FormField(AbstractFormField):
    """One field of a reader form. Text fields always have a length limit
    (core.forms.LimitedFormBuilder): the editor's, or the default for the field's type."""

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")
    max_length = models.PositiveIntegerField(
        _("maximum characters"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LENGTH_CEILING)],
        help_text=_(
            "For text fields. Leave empty for the default: 255 for a line, 10,000 for a paragraph."
        ),
    )
    max_words = models.PositiveIntegerField(
        _("maximum words"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For text fields; shown to readers under the field."),
    )

    panels = [
        *AbstractFormField.panels,
        FieldRowPanel([FieldPanel("max_length"), FieldPanel("max_words")]),
    ]


class FormPage(AbstractEmailForm):
    """A reader form ("Submit an Opinion", "Contacts"): stored, emailed to the editors,
    protected by a honeypot and a per-address rate limit."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=RICH_TEXT_FEATURES)
    submit_label = models.CharField(_("submit button"), max_length=40, default=_("Send"))

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email to the editors"),
        ),
    ]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    form_builder = LimitedFormBuilder
    template = "pages/form_page.html"
    landing_page_template = "pages/form_page_landing.html"

    class Meta:
        verbose_name = _("form page")

    def get_form_class(self):
        base = super().get_form_class()
        return type("ReaderForm", (AccessibleFormMixin, HoneypotMixin, base), {})

    def get_meta_description(self):
        return self.search_description

    def get_social_image(self):
        return None

    def serve(self, request, *args, **kwargs):
        from . import services

        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        status = 200
        if getattr(request, "reader_form_needs_token", False):
            # Sent without a token by a browser that does not say where it posts from
            # (core/csrf.py): nothing is recorded; the form comes back with the
            # reader's text and a token, to send again.
            form.is_valid()
            form.add_error(None, forms.ValidationError(_RESEND))
            context = self.get_context(request)
            context.update(form=form, csrf_needed=True)
            return self.get_template_response(request, context)
        if form.is_valid():
            if form.is_spam():
                # Answer bots as if they succeeded; store and send nothing.
                return self.render_landing_page(request, None)
            try:
                submission = services.check_and_record_submission(self, form, request)
            except services.RateLimited as error:
                form.add_error(None, forms.ValidationError(str(error)))
                status = 429
            else:
                return self.render_landing_page(request, submission)
        context = self.get_context(request)
        context.update(form=form, csrf_needed=True)  # a POST's answer is never cached
        response = self.get_template_response(request, context)
        response.status_code = status
        return response

    def get_template_response(self, request, context):
        from django.template.response import TemplateResponse

        return TemplateResponse(request, self.get_template(request), context)
