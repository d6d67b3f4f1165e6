"""Home, standard, team, jobs and form pages, and a whole small newsroom."""

import datetime
import types

from django.utils import timezone
from wagtail.models import Page, Site

from masthead.articles.models import EditorsPick, EditorsPicks
from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.core.models import HeaderLink, NavigationSettings, SiteSettings
from masthead.core.tests.factories import PageFactory
from masthead.pages.models import FormField, FormPage, HomePage, JobListing, JobsPage, TeamPage

EDITORS_EMAIL = "desk@meridian.example"


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "The Meridian Ledger"
    slug = "front"


class TeamPageFactory(PageFactory):
    class Meta:
        model = TeamPage

    title = "Team"
    slug = "team"
    introduction = "The people who make the Ledger."


class JobsPageFactory(PageFactory):
    class Meta:
        model = JobsPage

    title = "Jobs"
    slug = "jobs"
    introduction = "<p>Work with us.</p>"

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, listings=(), **kwargs):
        page = model_class(*args, **kwargs)
        page.listings = [JobListing(sort_order=i, **listing) for i, listing in enumerate(listings)]
        return cls.add_to_tree(page, parent, publish)


class FormPageFactory(PageFactory):
    """A reader form with name, email and message fields (clean names: name, email, message)."""

    class Meta:
        model = FormPage

    title = "Submit an Opinion"
    slug = "submit-an-opinion"
    introduction = "<p>Pitch us an opinion piece.</p>"
    thank_you_text = "<p>Thank you, we read every pitch.</p>"
    subject = "New opinion pitch"
    submit_label = "Send pitch"

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, fields=None, **kwargs):
        page = model_class(*args, **kwargs)
        fields = fields or [
            {"label": "Name", "field_type": "singleline", "required": True},
            {"label": "Email", "field_type": "email", "required": True},
            {"label": "Message", "field_type": "multiline", "required": True},
        ]
        page.form_fields = [FormField(sort_order=i, **field) for i, field in enumerate(fields)]
        return cls.add_to_tree(page, parent, publish)


def make_home(**kwargs):
    """A HomePage at the default Site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    home = HomePageFactory(parent=root, **kwargs)
    site.root_page = home
    site.site_name = "The Meridian Ledger"
    site.save()
    if old_root.pk != home.pk and not old_root.get_children().exists():
        old_root.delete()
    SiteSettings.objects.update_or_create(
        site=site, defaults={"outlet_name": "The Meridian Ledger", "editors_email": EDITORS_EMAIL}
    )
    return home


def set_editors_picks(site, articles):
    setting = EditorsPicks.for_site(site)
    setting.picks.all().delete()
    for i, article in enumerate(articles):
        EditorsPick.objects.create(setting=setting, article=article, sort_order=i)


def build_newsroom(sections=3, articles_per_section=4, authors=3):
    """A small newsroom: home, sections, authors, articles, team, jobs and a form page.

    Articles get distinct publication times (newest last in `articles`), lead images,
    one or two authors and topic tags; two are editors' picks.
    """
    home = make_home()
    site = Site.objects.get(is_default_site=True)
    section_pages = [
        SectionPageFactory(parent=home, title=title, slug=title.lower().replace(" ", "-"))
        for title in ["War", "Analysis", "National", "Human Story", "Field Report"][:sections]
    ]
    authors_index = AuthorsIndexPageFactory(parent=home)
    author_pages = [
        AuthorPageFactory(parent=authors_index, title=name, slug=name.lower().replace(" ", "-"))
        for name in ["Olena Kovalenko", "Marta Dubrovska", "Ihor Savchenko", "Anna Lysenko"][
            :authors
        ]
    ]
    topics = ["Kharkiv", "Energy", "Frontline", "Economy"]
    start = timezone.now() - datetime.timedelta(days=10)
    articles = []
    n = 0
    for i in range(articles_per_section):
        for section in section_pages:
            byline = [author_pages[n % len(author_pages)]]
            if n % 3 == 0 and len(author_pages) > 1:
                byline.append(author_pages[(n + 1) % len(author_pages)])
            articles.append(
                ArticlePageFactory(
                    parent=section,
                    title=f"{section.title} story {i + 1}: the river port after the storm",
                    slug=f"{section.slug}-story-{i + 1}",
                    authors=byline,
                    tags=[topics[n % len(topics)], topics[(n + 1) % len(topics)]],
                    published_at=start + datetime.timedelta(hours=n),
                )
            )
            n += 1
    team = TeamPageFactory(
        parent=home,
        groups=[
            (
                "group",
                {
                    "heading": "Editors",
                    "members": [
                        {"author": author_pages[0], "name": "", "title": "Editor-in-chief"},
                        {"author": None, "name": "Petro Hnatiuk", "title": "Night editor"},
                    ],
                },
            ),
            (
                "group",
                {
                    "heading": "Correspondents",
                    "members": [
                        {"author": author, "name": "", "title": ""} for author in author_pages[1:]
                    ],
                },
            ),
        ],
    )
    today = timezone.localdate()
    jobs = JobsPageFactory(
        parent=home,
        listings=[
            {
                "title": "Night news editor",
                "location": "Kyiv",
                "description": "<p>Run the desk overnight.</p>",
                "closes_on": today + datetime.timedelta(days=14),
            },
            {
                "title": "Data reporter",
                "location": "Remote",
                "description": "<p>Find the story in the numbers.</p>",
            },
            {
                "title": "Archive intern",
                "location": "Lviv",
                "description": "<p>Sort forty years of negatives.</p>",
                "closes_on": today - datetime.timedelta(days=1),
            },
        ],
    )
    form = FormPageFactory(parent=home)
    set_editors_picks(site, [articles[0], articles[1]])
    nav = NavigationSettings.for_site(site)
    nav.header_links = [
        HeaderLink(page=section, sort_order=i) for i, section in enumerate(section_pages)
    ]
    nav.save()
    return types.SimpleNamespace(
        site=site,
        home=home,
        sections=section_pages,
        authors_index=authors_index,
        authors=author_pages,
        articles=articles,
        team=team,
        jobs=jobs,
        form=form,
    )
