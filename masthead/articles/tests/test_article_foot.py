"""An article's foot: the opinion teaser (choice, pin, hide), the editors' picks without
the article itself and in whole rows, the share links, and the slots that stay empty."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from masthead.articles import picks, queries, sharing
from masthead.articles.models import ArticlePage, truncate_words
from masthead.articles.tests.factories import ArticlePageFactory, AuthorPageFactory
from masthead.core import pagecache
from masthead.core.blocks import BodyBlock
from masthead.core.tests.fixtures import module_data
from masthead.core.tests.html import soup
from masthead.pages.tests.factories import build_newsroom, set_editors_picks
from masthead.users import services as roles
from masthead.users.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

OPINION = ArticlePage.Kind.OPINION


def build():
    """A newsroom plus opinion pieces: an old one on the subject's topic, a newer one on
    another topic, and a draft on the topic (never shown)."""
    newsroom = build_newsroom()
    now = timezone.now()
    war, analysis = newsroom.sections[:2]
    columnist = AuthorPageFactory(parent=newsroom.authors_index, title="Iryna Moroz")

    def opinion(title, days_ago, tags, **kwargs):
        return ArticlePageFactory(
            parent=analysis,
            title=title,
            kind=OPINION,
            tags=tags,
            authors=[columnist],
            lead_image=None,
            published_at=now - datetime.timedelta(days=days_ago),
            **kwargs,
        )

    subject = ArticlePageFactory(
        parent=war,
        title="The bridge reopens",
        tags=["Bridges"],
        authors=[newsroom.authors[0]],
        lead_image=None,
    )
    newsroom.on_topic = opinion("Why the bridge matters", 30, ["Bridges"])
    newsroom.newest_opinion = opinion("A budget for the winter", 1, ["Budget"])
    opinion("A draft on bridges", 0, ["Bridges"], live=False)
    newsroom.subject = subject
    newsroom.columnist = columnist
    return newsroom


newsroom_with_opinion = module_data(build)


def fresh(page):
    """Its own copy of a page of the module's newsroom, safe to change in a test."""
    return ArticlePage.objects.get(pk=page.pk)


def foot(article, **kwargs):
    return queries.article_foot(fresh(article), **kwargs)


# --- the opinion teaser ----------------------------------------------------------------


def test_teaser_on_the_same_topic_beats_a_newer_one(newsroom_with_opinion):
    assert foot(newsroom_with_opinion.subject).teaser == newsroom_with_opinion.on_topic


def test_teaser_falls_back_to_the_newest_opinion_piece(newsroom_with_opinion):
    untagged = newsroom_with_opinion.articles[0]  # topics no opinion piece has
    assert foot(untagged).teaser == newsroom_with_opinion.newest_opinion


def test_teaser_is_never_the_article_itself(newsroom_with_opinion):
    # The newest opinion piece gets the other one, not itself.
    newest = newsroom_with_opinion.newest_opinion
    assert foot(newest).teaser == newsroom_with_opinion.on_topic
    assert foot(newsroom_with_opinion.on_topic).teaser == newest


def test_a_pinned_teaser_replaces_the_chosen_one(newsroom_with_opinion):
    subject = fresh(newsroom_with_opinion.subject)
    subject.opinion_teaser = newsroom_with_opinion.newest_opinion
    subject.save()
    assert foot(subject).teaser == newsroom_with_opinion.newest_opinion


def test_an_unpublished_pin_falls_back_to_the_chosen_one(newsroom_with_opinion):
    subject = fresh(newsroom_with_opinion.subject)
    pinned = fresh(newsroom_with_opinion.newest_opinion)
    subject.opinion_teaser = pinned
    subject.save()
    pinned.unpublish()
    assert foot(subject).teaser == newsroom_with_opinion.on_topic


def test_a_hidden_teaser_shows_nothing(newsroom_with_opinion, client):
    subject = fresh(newsroom_with_opinion.subject)
    subject.hide_opinion_teaser = True
    subject.opinion_teaser = newsroom_with_opinion.on_topic  # hiding wins over a pin
    subject.save_revision().publish()
    assert foot(subject).teaser is None
    page = soup(client.get(subject.url))
    assert page.select(".opinion-teaser") == []


def test_editors_pin_or_hide_the_teaser_in_the_article_form(newsroom_with_opinion, client):
    client.force_login(StaffFactory(groups=[roles.EDITORS]))
    subject = newsroom_with_opinion.subject
    response = client.get(reverse("wagtailadmin_pages:edit", args=[subject.pk]))
    assert response.status_code == 200
    form = soup(response)
    assert form.select_one('input[name="opinion_teaser"]') is not None
    assert form.select_one('input[name="hide_opinion_teaser"][type="checkbox"]') is not None
    # signed-in staff get the page without fragments: the teaser is there for them too
    assert soup(client.get(subject.url)).select_one(".opinion-teaser") is not None


def test_an_article_cannot_pin_itself(newsroom_with_opinion):
    from django.core.exceptions import ValidationError

    subject = fresh(newsroom_with_opinion.on_topic)
    subject.opinion_teaser = subject
    with pytest.raises(ValidationError, match="cannot tease itself"):
        subject.full_clean()


def test_teaser_shows_opinion_headline_excerpt_outlet_and_author(newsroom_with_opinion, client):
    on_topic = fresh(newsroom_with_opinion.on_topic)
    on_topic.body = BodyBlock().to_python(
        [{"type": "paragraph", "value": f"<p>{'Rivers &amp; roads keep a city alive. ' * 20}</p>"}]
    )
    on_topic.save_revision().publish()
    page = soup(client.get(newsroom_with_opinion.subject.url))
    teaser = page.select_one(".opinion-teaser")

    assert teaser.h2.get_text(" ", strip=True) == "Opinion: Why the bridge matters"
    assert teaser.a["href"] == on_topic.url
    excerpt = teaser.select_one(".opinion-teaser__excerpt").get_text()
    assert excerpt.startswith("Rivers & roads keep a city alive.")
    assert excerpt.endswith("…") and not excerpt.endswith(" …") and 250 <= len(excerpt) <= 301
    source = teaser.select_one(".opinion-teaser__source").get_text(" ", strip=True)
    assert "Iryna Moroz" in source and "The Meridian Ledger" in source
    # under the body, before the author boxes
    html = str(page)
    assert html.index("article__body") < html.index("opinion-teaser") < html.index("author-box")


def test_excerpt_is_cut_at_a_word_with_an_ellipsis():
    text = "word " * 100
    cut = truncate_words(text, 300)
    assert cut.endswith("word…") and len(cut) <= 301 and "  " not in cut
    assert truncate_words("Short, and whole.", 300) == "Short, and whole."
    assert truncate_words("x" * 400, 300) == "x" * 300 + "…"
    assert truncate_words("Ends here. Then more words", 11) == "Ends here…"


# --- editors' picks --------------------------------------------------------------------


def test_picks_at_the_foot_leave_out_the_article_itself(newsroom_with_opinion, client):
    articles = newsroom_with_opinion.articles
    chosen = [articles[5], articles[2], articles[7], articles[1]]
    set_editors_picks(newsroom_with_opinion.site, chosen)
    pagecache.purge_everything()  # as saving the setting in the admin does

    subject = fresh(articles[2])
    found = foot(subject, site_id=newsroom_with_opinion.site.pk, picks=6).picks
    assert found == [articles[5], articles[7], articles[1]]

    page = soup(client.get(subject.url))
    section = page.find(id="editors-picks-heading").find_parent("section")
    links = [a["href"] for a in section.select("a.card__link")]
    assert links == [articles[5].url, articles[7].url, articles[1].url]
    # three in a row when wide, one column below: no row is left part-empty
    assert section.ul["class"][-2:] == ["picks__list--m1", "picks__list--w3"]

    set_editors_picks(newsroom_with_opinion.site, [*chosen, articles[8], articles[9]])
    pagecache.purge_everything()
    page = soup(client.get(subject.url))
    section = page.find(id="editors-picks-heading").find_parent("section")
    # five once the article itself is left out: four show, in two rows of two or one of four
    assert len(section.select("a.card__link")) == 4
    assert section.ul["class"][-2:] == ["picks__list--m2", "picks__list--w4"]


@pytest.mark.parametrize(
    ("count", "shown", "medium", "wide"),
    [(0, 0, 1, 1), (1, 1, 1, 1), (2, 2, 2, 2), (3, 3, 1, 3), (4, 4, 2, 4), (5, 4, 2, 4)]
    + [(6, 6, 2, 3), (7, 6, 2, 3), (8, 8, 2, 4), (9, 9, 1, 3), (11, 10, 2, 2), (12, 12, 2, 4)],
)
def test_picks_grid_never_leaves_a_row_part_empty(count, shown, medium, wide):
    grid = picks.fit_grid(range(count))
    assert (len(grid.items), grid.medium, grid.wide) == (shown, medium, wide)
    for columns in (1, grid.medium, grid.wide):
        assert len(grid.items) % columns == 0


def test_home_shows_six_picks_in_whole_rows(newsroom_with_opinion, client):
    set_editors_picks(newsroom_with_opinion.site, newsroom_with_opinion.articles[:7])
    pagecache.purge_everything()
    page = soup(client.get("/"))
    grid = page.select_one(".picks__list")
    assert len(grid.select("li")) == 6
    assert grid["class"] == ["picks__list", "ruled-sm", "picks__list--m2", "picks__list--w3"]


def test_a_picks_thumbnail_on_a_phone_is_fetched_at_thumbnail_size(newsroom_with_opinion, client):
    """Below 40em a pick is a headline beside a 7.5rem picture (card--thumb-sm): its sizes
    say so, and the srcset has a rendition that small (not one for the whole width)."""
    set_editors_picks(newsroom_with_opinion.site, newsroom_with_opinion.articles[:7])
    pagecache.purge_everything()
    images = soup(client.get("/")).select(".picks__list .card--thumb-sm img")
    assert images
    for img in images:
        assert img["sizes"].startswith("(max-width: 39.99em) 7.5rem, (min-width: 64em) 24rem")
        assert ".fill-240x135." in img["srcset"].split(",")[0]


# --- sharing ---------------------------------------------------------------------------

TRICKY = 'Kyiv\'s "night" & <script>alert(1)</script> — Київ?#'
URL = "https://news.example.org/war/kyivs-night/?ref=home"


def test_share_links_carry_the_address_and_headline_escaped_with_utm_parameters():
    links = {network: href for network, _, href in sharing.share_links(URL, TRICKY)}
    assert list(links) == ["email", "x", "facebook", "telegram", "whatsapp", "linkedin"]
    for network, href in links.items():
        parts = urlsplit(href)
        assert "<" not in href and '"' not in href and " " not in href and "&amp;" not in href
        assert parts.fragment == ""  # the headline's "#" did not end the address
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        shared = params.get("url") or params.get("u") or params.get("body")
        if network == "whatsapp":
            title, shared = params["text"].rsplit(" ", 1)
            assert title == TRICKY
        elif network in ("x", "telegram"):
            assert params["text"] == TRICKY
        elif network == "email":
            assert params["subject"] == TRICKY
            assert "+" not in parts.query  # mailto reads "+" literally: spaces are %20
        query = parse_qs(urlsplit(shared).query)
        assert shared.startswith("https://news.example.org/war/kyivs-night/?")
        assert query == {
            "ref": ["home"],
            "utm_source": [network],
            "utm_medium": ["social"],
            "utm_campaign": ["share"],
        }


def test_tracked_replaces_earlier_utm_parameters():
    url = sharing.tracked(URL + "&utm_source=old&utm_medium=x", "copy_link")
    assert parse_qs(urlsplit(url).query) == {
        "ref": ["home"],
        "utm_source": ["copy_link"],
        "utm_medium": ["social"],
        "utm_campaign": ["share"],
    }


def test_article_shows_share_links_escaped_and_no_third_party_script(newsroom_with_opinion, client):
    subject = fresh(newsroom_with_opinion.subject)
    subject.title = TRICKY
    subject.save_revision().publish()
    response = client.get(subject.url)
    assert "<script>alert(1)" not in response.content.decode()
    page = soup(response)
    share = page.select_one("section.share")
    hrefs = [a["href"] for a in share.select("a")]
    assert [urlsplit(href).netloc for href in hrefs] == [
        "",
        "x.com",
        "www.facebook.com",
        "t.me",
        "wa.me",
        "www.linkedin.com",
    ]
    x = parse_qs(urlsplit(hrefs[1]).query)
    assert x["text"] == [TRICKY]
    assert x["url"][0].startswith(f"{subject.full_url}?utm_source=x&")
    # the progressive parts: hidden until share.js finds the browser can do them
    copy = share.select_one("[data-share-copy]")
    assert copy.find_parent("li").has_attr("hidden")
    assert "utm_source=copy_link" in copy["data-share-copy"]
    assert share.select_one("[data-share-native]")["data-share-title"] == TRICKY
    # every script is ours, from our static files: no inline script, no other host
    code = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert code and all(s["src"].startswith("/static/") and not s.string for s in code)


# --- slots -----------------------------------------------------------------------------


def test_foot_slots_sit_in_order_and_empty_ones_leave_nothing(newsroom_with_opinion, client):
    from masthead.core import slots

    subject = fresh(newsroom_with_opinion.subject)
    # Only what the installed apps put in the foot's slots follows the author boxes (the
    # membership ask and the comments, today); empty slots leave nothing, not even a wrapper.
    filled_by_apps = {
        name: slots._registry.pop(name, []) for name in ("article.membership", "article.comments")
    }
    try:
        empty = soup(client.get(subject.url))
    finally:
        slots._registry.update(filled_by_apps)
    article = empty.select_one("main article")
    last = article.find_all(recursive=False)[-1]
    assert "article__authors" in last["class"]  # nothing after the author boxes

    names = ["article.after_body", "article.membership", "article.comments", "article.popular"]
    renderers = {name: probe(name) for name in names}
    for name, renderer in renderers.items():
        slots.register(name, renderer)
    try:
        from masthead.core import fragments

        fragments.bump()
        filled = soup(client.get(subject.url))
    finally:
        for name, renderer in renderers.items():
            slots.unregister(name, renderer)
    assert [p.get_text() for p in filled.select("main article .probe")] == names


def probe(name):
    return lambda context: f'<p class="probe">{name}</p>'
