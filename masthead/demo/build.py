"""Build the demo newsroom in the database. Every step looks before it creates,
so running it again adds only what is missing.

Pages are created the way an editor's would be: `add_child`, then a revision
that is published. Only the archive beyond the first `rich` articles is
bulk-inserted (see bulk.py).
"""

import datetime
import io
import json
import logging
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.search import index as search_index

from masthead.articles.models import (
    ArticleAuthor,
    ArticlePage,
    AuthorLink,
    AuthorPage,
    AuthorsIndexPage,
    EditorsPick,
    EditorsPicks,
    SectionPage,
)
from masthead.core.models import (
    FooterLink,
    HeaderLink,
    NavigationSettings,
    SecondaryLink,
    SiteSettings,
    SocialLink,
)
from masthead.demo import newsletters as newsletters_demo
from masthead.pages.models import (
    FormField,
    FormPage,
    HomePage,
    JobListing,
    JobsPage,
    StandardPage,
    TeamPage,
)
from masthead.users import services as user_services

from . import art, people, site_copy
from .pictures import PICTURES
from .writer import DESKS, block, paragraph, write

logger = logging.getLogger(__name__)

DEFAULT_ARTICLES = 84  # twelve per section
SEED = 20_240_601
ADMIN_EMAIL = "admin@meridianledger.example"
DEFAULT_PASSWORD = "masthead-demo"  # noqa: S105 - a documented demo password, overridable by env
STAFF = (
    ("editor@meridianledger.example", "Tomas", "Adler", user_services.EDITORS, "Tomas Adler"),
    ("author@meridianledger.example", "Jonas", "Petrak", user_services.AUTHORS, "Jonas Petrak"),
    ("moderator@meridianledger.example", "Greta", "Hallik", user_services.MODERATORS, None),
)
SPREAD = datetime.timedelta(days=60)


class NoProgress:
    """Stands in for tqdm when nobody is watching."""

    def __init__(self, iterable=None, **kwargs):
        self.iterable = iterable if iterable is not None else ()

    def __iter__(self):
        return iter(self.iterable)

    def update(self, n=1):
        pass

    def close(self):
        pass


@dataclass
class Report:
    """What a run did, for the command to print."""

    created: dict = field(default_factory=dict)
    existing: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    password: str = ""
    admin_created: bool = False

    def count(self, what, created, existing=0):
        self.created[what] = self.created.get(what, 0) + created
        self.existing[what] = self.existing.get(what, 0) + existing


class Builder:
    def __init__(self, log=logger.info, progress=None):
        self.log = log
        self.progress = progress or NoProgress
        self.report = Report()
        self.now = timezone.now()
        self.indexed = []  # objects to add to the search index at the end

    # --- the whole run -------------------------------------------------------------

    def run(self, articles=DEFAULT_ARTICLES, rich=DEFAULT_ARTICLES):
        from . import bulk

        users = self.ensure_users()
        self.admin = users["admin"]
        with transaction.atomic():
            home, site = self.ensure_home()
            sections = self.ensure_sections(home)
            pictures = self.ensure_pictures()
            authors = self.ensure_authors(home, users)
            pages = self.ensure_pages(home, authors)
        self.ensure_rich_articles(home, sections, pictures, authors, min(articles, rich))
        existing = ArticlePage.objects.descendant_of(home).count()
        if articles > existing:
            added = bulk.insert_articles(
                sections,
                pictures,
                authors,
                articles - existing,
                log=self.log,
                progress=self.progress,
            )
            self.report.count("articles (bulk)", added)
            self.report.notes.append(
                "Bulk-inserted articles are not in the search index yet: run `manage.py update_index` to add them."
            )
        with transaction.atomic():
            self.ensure_settings(site, sections, pages)
            self.ensure_picks(site, home)
            self.ensure_news_feed(home)
        self.ensure_members()
        self.ensure_funding()
        self.ensure_newsletter_audience()
        self.ensure_comments()
        self.ensure_analytics()
        self.update_indexes()
        return self.report

    # --- users -----------------------------------------------------------------------

    def ensure_users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        self.report.password = password
        if not Group.objects.filter(name=user_services.EDITORS).exists():
            user_services.do_ensure_editorial_roles()
        users = {}
        admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_superuser(
                ADMIN_EMAIL, password, first_name="Demo", last_name="Admin"
            )
            self.report.admin_created = True
            self.report.count("users", 1)
        else:
            self.report.count("users", 0, 1)
        users["admin"] = admin
        for email, first, last, group_name, _author in STAFF:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email, password, first_name=first, last_name=last)
                self.report.count("users", 1)
            else:
                self.report.count("users", 0, 1)
            user.groups.add(Group.objects.get(name=group_name))
            users[email] = user
        return users

    # --- site and home ---------------------------------------------------------------

    def ensure_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's "Welcome" page holds the slug "home"; free it before taking it.
            welcome = [
                page
                for page in root.get_children()
                if page.specific_class is Page
                and page.title.startswith("Welcome to your new Wagtail site")
            ]
            for page in welcome:
                Page.objects.filter(pk=page.pk).update(slug=f"welcome-{page.pk}")
            home = HomePage(
                title=site_copy.OUTLET,
                slug="home",
                seo_title=f"{site_copy.OUTLET}: {site_copy.TAGLINE}",
                search_description=site_copy.DESCRIPTION,
                owner=self.admin,
            )
            root.add_child(instance=home)
            self.publish(home)
            self.report.count("home page", 1)
        else:
            welcome = []
            self.report.count("home page", 0, 1)

        parts = urlsplit(settings.SITE_URL)
        hostname = parts.hostname or "localhost"
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = (
            Site.objects.filter(is_default_site=True).first()
            or Site.objects.filter(root_page=home).first()
        )
        if site is None:
            site = Site(hostname=hostname, port=port)
        if site.root_page_id != home.pk or not site.site_name:
            clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists()
            if not clash:
                site.hostname, site.port = hostname, port
            site.root_page = home
            site.is_default_site = True
            site.site_name = site_copy.OUTLET
            site.save()
        # Only now that no Site points at it can the welcome page go (Site.root_page cascades).
        for page in welcome:
            page.delete()
        return home, site

    def ensure_sections(self, home):
        sections = {}
        existing = {section.slug: section for section in SectionPage.objects.child_of(home)}
        for desk in DESKS:
            section = existing.get(desk.slug)
            if section is None:
                section = SectionPage(
                    title=desk.title,
                    slug=desk.slug,
                    introduction=desk.introduction,
                    search_description=desk.introduction,
                    show_in_menus=True,
                    owner=self.admin,
                )
                home.add_child(instance=section)
                self.publish(section)
                self.report.count("sections", 1)
            else:
                self.report.count("sections", 0, 1)
            sections[desk.slug] = section
        return sections

    # --- pictures --------------------------------------------------------------------

    def ensure_pictures(self):
        """The lead pictures, drawn once; returns {key: image}."""
        Image = get_image_model()
        existing = {
            image.title: image for image in Image.objects.filter(title__startswith="Demo: ")
        }
        pictures = {}
        todo = [p for p in PICTURES if p.title not in existing]
        for picture in PICTURES:
            if picture.title in existing:
                pictures[picture.key] = existing[picture.title]
        for picture in self.progress(todo, desc="Lead pictures", unit="picture") if todo else ():
            number = PICTURES.index(picture)
            data = art.draw_lead_image(picture.scene, picture.sky, SEED + number)
            pictures[picture.key] = self.save_image(
                picture.title,
                f"demo-{picture.key}.jpg",
                data,
                alt=picture.alt,
                caption=picture.caption.format(place=picture.place),
                credit=picture.credit,
            )
        self.report.count("lead pictures", len(todo), len(PICTURES) - len(todo))
        return pictures

    def save_image(self, title, filename, data, alt, caption="", credit=""):
        Image = get_image_model()
        image = Image(
            title=title,
            file=ImageFile(io.BytesIO(data), name=filename),
            description=alt,
            caption=caption,
            credit=credit,
        )
        image.save()
        self.indexed.append(image)
        return image

    # --- authors ---------------------------------------------------------------------

    def ensure_authors(self, home, users):
        index = AuthorsIndexPage.objects.child_of(home).first()
        if index is None:
            index = AuthorsIndexPage(
                title="Authors",
                slug="authors",
                search_description=f"The reporters, editors and photographers of {site_copy.OUTLET}.",
                owner=self.admin,
            )
            home.add_child(instance=index)
            self.publish(index)
        linked = {author: users[email] for email, _f, _l, _g, author in STAFF if author}
        existing = {page.slug: page for page in AuthorPage.objects.child_of(index)}
        authors = {}
        for number, person in enumerate(people.AUTHORS):
            page = existing.get(person.slug)
            if page is None:
                photo = self.save_image(
                    f"Portrait: {person.name}",
                    f"portrait-{person.slug}.jpg",
                    art.draw_portrait(SEED + number, **person.portrait),
                    alt=f"Illustrated portrait of {person.name}, {person.role.lower()}.",
                    caption=f"{person.name}, {person.role}",
                    credit="Meridian Ledger illustration",
                )
                page = AuthorPage(
                    title=person.name,
                    slug=person.slug,
                    role=person.role,
                    short_bio=person.short_bio,
                    bio="".join(f"<p>{escape(text)}</p>" for text in person.bio),
                    email=person.email,
                    photo=photo,
                    user=linked.get(person.name),
                    search_description=person.short_bio,
                    owner=self.admin,
                )
                page.links = [
                    AuthorLink(label=label, url=url, sort_order=order)
                    for order, (label, url) in enumerate(person.links)
                ]
                index.add_child(instance=page)
                self.publish(page)
                self.report.count("authors", 1)
            else:
                self.report.count("authors", 0, 1)
            authors[person.name] = page
        return authors

    # --- standing pages --------------------------------------------------------------

    def ensure_pages(self, home, authors):
        children = {page.slug: page for page in home.get_children().specific()}
        pages = {}
        for slug in site_copy.STANDARD_PAGES:
            pages[slug] = self.add(
                home, children.get(slug), lambda slug=slug: standard_page(slug), "standard pages"
            )
        pages["team"] = self.add(
            home, children.get("team"), lambda: self.team_page(authors), "team page"
        )
        pages["jobs"] = self.add(home, children.get("jobs"), self.jobs_page, "jobs page")
        pages["newsletters"] = self.add(
            home, children.get("newsletters"), newsletters_demo.index_page, "newsletters page"
        )
        self.report.count(
            "newsletters", *newsletters_demo.ensure_newsletters(authors, site_copy.FROM_EMAIL)
        )
        for spec in (site_copy.OPINION_FORM, site_copy.CONTACT_FORM):
            pages[spec["slug"]] = self.add(
                home,
                children.get(spec["slug"]),
                lambda spec=spec: self.form_page(spec),
                "form pages",
            )
        return pages

    def add(self, parent, existing, make, what):
        """Return `existing`, or publish the page `make()` builds under `parent`."""
        if existing is not None:
            self.report.count(what, 0, 1)
            return existing
        page = make()
        page.owner = self.admin
        parent.add_child(instance=page)
        self.publish(page)
        self.report.count(what, 1)
        return page

    def team_page(self, authors):
        groups = []
        for heading in people.TEAM_GROUPS:
            members = [
                {"author": authors[a.name].pk, "name": "", "title": a.team_title}
                for a in people.AUTHORS
                if a.team == heading
            ]
            members += [
                {"author": None, "name": name, "title": title}
                for group, name, title in people.STAFF
                if group == heading
            ]
            value = {"heading": heading, "members": [block("item", member) for member in members]}
            groups.append(block("group", value))
        return TeamPage(
            title="Team",
            slug="team",
            introduction=site_copy.TEAM_INTRODUCTION,
            groups=json.dumps(groups),
            search_description="The people who make The Meridian Ledger.",
        )

    def jobs_page(self):
        today = timezone.localdate()
        page = JobsPage(
            title="Jobs",
            slug="jobs",
            introduction=site_copy.JOBS_INTRODUCTION,
            search_description="Work with us: open positions at The Meridian Ledger.",
        )
        page.listings = [
            JobListing(
                title=title,
                location=location,
                employment_type=kind,
                description="".join(f"<p>{escape(text)}</p>" for text in description),
                apply_email="jobs@meridianledger.example",
                closes_on=today + datetime.timedelta(days=days) if days is not None else None,
                sort_order=order,
            )
            for order, (title, location, kind, description, days) in enumerate(site_copy.JOBS)
        ]
        return page

    def form_page(self, spec):
        page = FormPage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["intro"],
            thank_you_text=spec["thank_you"],
            submit_label=spec["submit_label"],
            to_address=site_copy.EDITORS_EMAIL,
            from_address=site_copy.FROM_EMAIL,
            subject=spec["subject"],
        )
        page.form_fields = [
            FormField(
                label=label,
                clean_name=get_field_clean_name(label),
                field_type=field_type,
                required=required,
                choices=choices,
                help_text=help_text,
                max_length=more[0][0] if more else None,
                max_words=more[0][1] if more else None,
                sort_order=order,
            )
            for order, (label, field_type, required, choices, help_text, *more) in enumerate(
                spec["fields"]
            )
        ]
        return page

    # --- articles -------------------------------------------------------------------

    def ensure_rich_articles(self, home, sections, pictures, authors, target):
        """Create articles one by one through Wagtail until there are `target`."""
        articles = ArticlePage.objects.descendant_of(home)
        existing = articles.count()
        if existing >= target:
            self.report.count("articles", 0, existing)
            return
        taken = {title.lower() for title in articles.values_list("title", flat=True)}
        by_section = {slug: [] for slug in sections}
        for pk, section_id in articles.values_list("pk", "section_id"):
            for slug, section in sections.items():
                if section.pk == section_id:
                    by_section[slug].append(pk)
        slugs = {
            section.pk: set(Page.objects.child_of(section).values_list("slug", flat=True))
            for section in sections.values()
        }
        picture_ids = [image.pk for image in pictures.values()]

        spacing = SPREAD / max(target, 1)
        plan = []
        for number in range(existing, target):
            rng = art.make_rng(SEED * 7 + number)
            age = spacing * number + spacing * rng.uniform(0.05, 0.9)
            plan.append((number, self.now - max(age, datetime.timedelta(minutes=35)), rng))
        # Oldest first, so that "Read also" cards point back in time.
        plan.sort(key=lambda item: item[1])
        for number, when, rng in self.progress(plan, desc="Articles", unit="article"):
            desk = DESKS[number % len(DESKS)]
            section = sections[desk.slug]
            related = by_section[desk.slug][-8:]
            draft = write(
                desk, number // len(DESKS), when, rng, taken, images=picture_ids, related=related
            )
            if draft is None:
                continue
            with transaction.atomic():
                page = self.create_article(
                    section, draft, when, rng, pictures, authors, slugs[section.pk]
                )
            taken.add(draft.title.lower())
            by_section[desk.slug].append(page.pk)
            self.report.count("articles", 1)
        self.report.count("articles", 0, existing)

    def create_article(self, section, draft, when, rng, pictures, authors, slugs):
        picture = choose_picture(draft, rng)
        image = pictures[picture.key]
        slug = draft.slug
        while slug in slugs:
            slug = f"{draft.slug}-{rng.randint(2, 999)}"
        slugs.add(slug)
        updated = None
        if rng.random() < 0.25:
            updated = when + datetime.timedelta(minutes=rng.randint(40, 600))
            if updated >= self.now:
                updated = None
        page = ArticlePage(
            title=draft.title,
            slug=slug,
            standfirst=draft.standfirst,
            kind=draft.kind,
            lead_image=image,
            # Half the articles say where their picture was taken; the rest use the picture's own caption.
            lead_image_caption=picture.caption.format(place=draft.places[picture.where])
            if rng.random() < 0.5
            else "",
            body=json.dumps(draft.blocks),
            published_at=when,
            updated_at=updated,
            first_published_at=when,
            search_description=draft.standfirst[:300],
            owner=self.admin,
        )
        page.tags.add(*draft.tags)
        page.article_authors = [
            ArticleAuthor(author=author, sort_order=order)
            for order, author in enumerate(byline(draft, rng, authors))
        ]
        section.add_child(instance=page)
        self.publish(page, when=when, last=updated or when)
        return page

    def publish(self, page, when=None, last=None):
        revision = page.save_revision(user=self.admin, log_action=True)
        revision.publish(user=self.admin)
        self.indexed.append(page)
        if when is not None:
            # Wagtail stamps "now"; the demo's archive should look as if written over weeks.
            Page.objects.filter(pk=page.pk).update(
                first_published_at=when, last_published_at=last, latest_revision_created_at=last
            )
            Revision.objects.filter(pk=revision.pk).update(created_at=last)
            PageLogEntry.objects.filter(page=page).update(timestamp=last)
        return revision

    # --- settings --------------------------------------------------------------------

    def ensure_settings(self, site, sections, pages):
        site_settings = SiteSettings.for_site(site)
        if not site_settings.tagline:
            site_settings.outlet_name = site_copy.OUTLET
            site_settings.tagline = site_copy.TAGLINE
            site_settings.description = site_copy.DESCRIPTION
            site_settings.copyright_holder = site_copy.COPYRIGHT
            site_settings.editors_email = site_copy.EDITORS_EMAIL
            site_settings.save()
            self.report.count("site settings", 1)
        else:
            self.report.count("site settings", 0, 1)

        nav = NavigationSettings.for_site(site)
        if nav.header_links.exists() or nav.secondary_links.exists() or nav.footer_links.exists():
            # An editor may have changed the menus; leave them alone.
            self.report.count("navigation", 0, 1)
            return
        for order, desk in enumerate(DESKS):
            HeaderLink.objects.create(setting=nav, page=sections[desk.slug], sort_order=order)
        secondary = [
            ("", pages["about"], ""),
            ("", pages["team"], ""),
            ("", pages["jobs"], ""),
            ("", pages["advertising"], ""),
            ("", pages["submit-an-opinion"], ""),
            ("", pages["contacts"], ""),
            ("Store", None, site_copy.STORE_URL),
            ("", pages["newsletters"], ""),
        ]
        for order, (label, page, url) in enumerate(secondary):
            SecondaryLink.objects.create(
                setting=nav, label=label, page=page, url=url, sort_order=order
            )
        for order, slug in enumerate(
            ("about", "team", "jobs", "advertising", "j-school", "contacts", "privacy")
        ):
            FooterLink.objects.create(setting=nav, page=pages[slug], sort_order=order)
        for order, (platform, url) in enumerate(site_copy.SOCIAL_LINKS):
            SocialLink.objects.create(setting=nav, platform=platform, url=url, sort_order=order)
        self.report.count("navigation", 1)

    def ensure_news_feed(self, home):
        from masthead.demo import livefeed as livefeed_demo

        created = livefeed_demo.ensure(home, self.admin, self.now)
        self.report.count("news feed items", created, 0 if created else 1)

    def ensure_members(self):
        from masthead.demo import members as members_demo

        created = members_demo.ensure(self.now)
        self.report.count("members", created, 0 if created else 1)

    def ensure_funding(self):
        from masthead.demo import funding as funding_demo

        created = funding_demo.ensure(self.now)
        self.report.count("gift memberships", created.get("gifts", 0), 0 if created else 1)
        self.report.count("donations", created.get("donations", 0), 0 if created else 1)

    def ensure_newsletter_audience(self):
        created = newsletters_demo.ensure_audience(self.now)
        self.report.count("newsletter subscribers", created, 0 if created else 1)

    def ensure_comments(self):
        from masthead.demo import comments as comments_demo

        created = comments_demo.ensure(self.now)
        self.report.count("comments", created, 0 if created else 1)

    def ensure_analytics(self):
        from masthead.demo import analytics as analytics_demo

        created = analytics_demo.ensure(self.now)
        self.report.count("reading figures (rows)", created, 0 if created else 1)

    def ensure_picks(self, site, home):
        recent = list(
            ArticlePage.objects.live()
            .descendant_of(home)
            .filter(published_at__isnull=False)
            .exclude(latest_revision__isnull=True)
            .order_by("-published_at")
            .values_list("pk", "section_id", "kind")[:60]
        )
        if not recent:
            return
        if home.lead_article_id is None:
            war = SectionPage.objects.child_of(home).filter(slug="war").first()
            lead = next(
                (
                    pk
                    for pk, section_id, kind in recent
                    if war and section_id == war.pk and kind == "news"
                ),
                recent[0][0],
            )
            home.lead_article_id = lead
            self.publish(home)
        picks = EditorsPicks.for_site(site)
        if picks.picks.exists():
            self.report.count("editors' picks", 0, picks.picks.count())
            return
        # One feature-like piece per section where possible, skipping the lead.
        chosen, seen_sections = [], set()
        for pk, section_id, kind in recent:
            if pk == home.lead_article_id or section_id in seen_sections:
                continue
            if kind in (
                "feature",
                "investigation",
                "analysis",
                "field_report",
                "interview",
                "opinion",
                "explainer",
            ):
                chosen.append(pk)
                seen_sections.add(section_id)
            if len(chosen) == 6:
                break
        for order, pk in enumerate(chosen):
            EditorsPick.objects.create(setting=picks, article_id=pk, sort_order=order)
        self.report.count("editors' picks", len(chosen))

    # --- indexes ---------------------------------------------------------------------

    def update_indexes(self):
        """Index what this run created now rather than wait for a task worker, so
        that search and the admin's usage counts work straight away."""
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
            return  # the tasks queued on save have already done it
        for obj in self.indexed:
            specific = getattr(obj, "specific", obj)
            search_index.insert_or_update_object(specific)
            if ReferenceIndex.is_indexed(type(specific)):
                ReferenceIndex.create_or_update_for_object(specific)


def standard_page(slug):
    title, intro, body = site_copy.STANDARD_PAGES[slug]
    blocks = [
        block("heading", {"text": text, "level": "h2"}) if kind == "h2" else paragraph(text)
        for kind, text in body
    ]
    return StandardPage(
        title=title,
        slug=slug,
        introduction=intro,
        body=json.dumps(blocks),
        search_description=intro,
    )


def choose_picture(draft, rng):
    """A lead picture whose subject suits the article's desk and tags."""
    wanted = {draft.desk, *draft.suits, *draft.tags}
    scored = sorted(PICTURES, key=lambda p: -len(wanted.intersection(p.suits)))
    best = len(wanted.intersection(scored[0].suits))
    candidates = [
        p for p in scored if len(wanted.intersection(p.suits)) >= max(1, best - 1)
    ] or list(PICTURES)
    return rng.choice(candidates)


def byline(draft, rng, authors):
    """One or two plausible authors for a draft: the desk's writers first."""
    pool = [a for a in people.authors_for_desk(draft.desk) if a.name in authors]
    if draft.kind == "review":
        pool = [a for a in pool if a.name == "Anselm Kray"] or pool
    elif draft.desk == "opinion":
        pool = [a for a in pool if a.name != "Anselm Kray"] or pool
    first = rng.choice(pool)
    names = [first.name]
    if draft.kind not in ("opinion", "review") and rng.random() < 0.3:
        others = [a.name for a in people.authors_for_desk(draft.desk) if a.name != first.name]
        if draft.desk in ("war", "field-report") and rng.random() < 0.5:
            others = [name for name in people.PHOTOGRAPHERS if name != first.name]
        if others:
            names.append(rng.choice(others))
    return [authors[name] for name in names]
