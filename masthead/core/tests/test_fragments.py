"""Fragments and objects cached inside a render (masthead/core/fragments.py): with the
full-page cache off, a change still shows on the next request; nothing is shared with
signed-in readers or previews; FastPath's short memo of its freshness check."""

import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.safestring import SafeString

from masthead.articles.tests.factories import make_articles
from masthead.core import fragments, pagecache
from masthead.core.models import NavigationSettings, SecondaryLink
from masthead.users.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_second_render_reuses_fragments(newsroom, django_assert_max_num_queries):
    url = newsroom.articles[1].url
    first = Client().get(url)
    with django_assert_max_num_queries(8):
        second = Client().get(url)
    assert second.content == first.content


def test_a_published_edit_shows_on_the_next_request(newsroom):
    articles = [a.specific for a in newsroom.articles]
    # the newest article is in the related list of the others in its section
    article = max(articles, key=lambda a: a.published_at)
    neighbours = [a for a in articles if a.section_id == article.section_id and a.pk != article.pk]
    for page in (article, *neighbours):
        Client().get(page.url)
    assert article.title.encode() in Client().get(neighbours[0].url).content

    article.title = "Harbour cranes return after the strike"
    article.standfirst = "The port reopens its container berths."
    article.save_revision().publish()

    page = Client().get(article.url).content
    assert b"Harbour cranes return after the strike" in page
    assert b"The port reopens its container berths." in page
    # the neighbours' related lists are rendered again too
    for neighbour in neighbours:
        assert b"Harbour cranes return after the strike" in Client().get(neighbour.url).content


def test_a_new_article_joins_the_related_list_at_once(newsroom):
    article = newsroom.articles[3].specific
    Client().get(article.url)
    (fresh,) = make_articles(
        1, article.section, start=timezone.now(), title="Night trains to the coast resume"
    )
    fresh.save_revision().publish()  # as editors do: the publish is what purges
    assert b"Night trains to the coast resume" in Client().get(article.url).content


def test_a_feed_is_built_once_and_a_publish_shows_in_it_at_once(
    newsroom, django_assert_max_num_queries
):
    section = newsroom.articles[3].specific.section
    urls = ["/feeds/rss.xml", f"/feeds/section/{section.slug}/atom.xml"]
    for url in urls:  # the first builds make the lead images' renditions
        assert Client().get(url).status_code == 200
    first = [Client().get(url) for url in urls]
    with django_assert_max_num_queries(2):  # the site lookup at most, never the articles
        assert [Client().get(url).content for url in urls] == [r.content for r in first]

    (fresh,) = make_articles(
        1, section, start=timezone.now(), title="Ferry timetable doubles for the holidays"
    )
    fresh.save_revision().publish()
    for url in urls:
        assert b"Ferry timetable doubles for the holidays" in Client().get(url).content


def test_navigation_changes_show_at_once(newsroom):
    Client().get("/")
    nav = NavigationSettings.for_site(newsroom.site)
    nav.secondary_links.add(SecondaryLink(label="Corrections policy", url="https://example.org/c"))
    nav.save()
    assert b"Corrections policy" in Client().get("/").content


def test_staff_previews_and_per_reader_pages_never_use_fragments(newsroom, rf):
    request = rf.get("/")
    request.user = StaffFactory(groups=["Editors"])
    assert not fragments.enabled(request)
    anonymous = rf.get("/")
    assert fragments.enabled(anonymous)
    anonymous.is_preview = True
    assert not fragments.enabled(anonymous)
    account = rf.get("/account/")
    account.per_reader = True
    assert not fragments.enabled(account)


def test_a_signed_in_reader_shares_the_fragments(newsroom, rf):
    request = rf.get("/")
    request.user = UserFactory()
    assert fragments.enabled(request)


def test_purge_all_makes_every_fragment_unreachable(rf):
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: "old", tags="a:1") == "old"
    assert fragments.get_or_set(rf.get("/"), "u", [1], lambda: "old") == "old"
    pagecache.purge_all()
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: "new", tags="a:1") == "new"
    assert fragments.get_or_set(rf.get("/"), "u", [1], lambda: "new") == "new"


def test_a_tag_bump_reaches_only_the_fragments_with_that_tag(rf):
    def get(name, tags, value):
        return fragments.get_or_set(rf.get("/"), name, [1], lambda: value, tags=tags)

    get("one", "article:1 section:1", "old")
    get("two", ["article:2", "section:2"], "old")
    get("plain", (), "old")
    fragments.bump_tags("section:1")
    assert get("one", "section:1 article:1", "new") == "new"  # the order of tags is free
    assert get("two", ["article:2", "section:2"], "new") == "old"
    assert get("plain", (), "new") == "old"
    fragments.bump_tags("article:2", "nav")
    assert get("two", "article:2 section:2", "newer") == "newer"


def test_a_path_purge_reaches_only_that_paths_fragments(rf):
    here = fragments.path_tag("/somewhere/")
    fragments.get_or_set(rf.get("/"), "t", [1], lambda: "old", tags=[here])
    fragments.get_or_set(rf.get("/"), "u", [1], lambda: "old")
    pagecache.purge(["http://testserver/somewhere/?page=2"])
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: "new", tags=[here]) == "new"
    assert fragments.get_or_set(rf.get("/"), "u", [1], lambda: "new") == "old"


def test_a_request_reads_its_tags_once(rf, django_assert_num_queries):
    fragments._learned_tags.clear()
    request = rf.get("/")
    fragments.get_or_set(request, "t", [1], lambda: "x", tags="a b")
    reads = []
    pages = caches["pages"]
    original = pages.get_many
    pages.get_many = lambda keys, **kw: reads.append(keys) or original(keys, **kw)
    try:
        for name in ("t", "u", "v"):
            fragments.get_or_set(request, name, [1], lambda: "x", tags="a b")
        fragments.get_or_set(request, "w", [1], lambda: "x", tags="b c")
    finally:
        del pages.get_many
    assert reads == [["fc:t:c"]]  # a and b were read by the first fragment


def test_the_next_render_of_a_path_reads_generation_and_tags_in_one_trip(rf):
    fragments._learned_tags.clear()
    first = rf.get("/story/")
    fragments.get_or_set(first, "t", [1], lambda: "x", tags="a b")
    fragments.get_or_set(first, "u", [1], lambda: "x", tags="c")
    fragments.bump_tags("c")
    reads = []
    pages = caches["pages"]
    original = pages.get_many
    pages.get_many = lambda keys, **kw: reads.append(sorted(keys)) or original(keys, **kw)
    try:
        second = rf.get("/story/")
        assert fragments.get_or_set(second, "t", [1], lambda: "y", tags="a b") == "x"
        assert fragments.get_or_set(second, "u", [1], lambda: "y", tags="c") == "y"
    finally:
        del pages.get_many
    # one read: the generation with every tag the path's last render read (c's bump seen)
    assert reads == [[fragments.GENERATION_KEY, "fc:t:a", "fc:t:b", "fc:t:c"]]
    # another path learned nothing from this one
    assert fragments._learned_tags.get("/elsewhere/") is None


def test_a_template_fragment_declares_its_tags(rf):
    from django.template import Context, Template

    template = Template(
        '{% load masthead_tags %}{% fragment "x" 1 tags=words %}{{ value }}{% endfragment %}'
    )

    def render(value):
        return template.render(Context({"request": rf.get("/"), "words": "k:1", "value": value}))

    assert render("old") == "old"
    assert render("new") == "old"
    fragments.bump_tags("k:2")
    assert render("new") == "old"
    fragments.bump_tags("k:1")
    assert render("new") == "new"


def test_restricting_a_page_applies_at_once(newsroom):
    from wagtail.models import PageViewRestriction

    article = newsroom.articles[4]
    assert Client().get(article.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    assert Client().get(article.url).status_code == 302
    restriction.delete()
    assert Client().get(article.url).status_code == 200


def test_a_page_without_restrictions_gets_one_empty_list_already_read(
    newsroom, django_assert_num_queries
):
    article = newsroom.articles[3].specific
    found = article.get_view_restrictions()
    with django_assert_num_queries(0):
        assert list(found) == []
        assert not found.exists()
        assert article.get_view_restrictions() is found  # the same, already evaluated
    # whatever narrows or orders it gets a queryset of its own
    assert found.order_by("pk") is not found
    assert list(found.order_by("pk")) == []


def test_a_request_makes_its_keys_with_one_read_of_the_language(rf, monkeypatch):
    calls = []
    monkeypatch.setattr(fragments, "get_language", lambda: calls.append(1) or "uk")
    request = rf.get("/")
    first = fragments.key(request, "t", 1)
    fragments.key(request, "u", 2, tags="a:1")
    fragments.get_or_set(request, "v", [3], lambda: "x")
    assert calls == [1]
    assert first == f"fc:{fragments.generation(request)}:uk:t:1"
    monkeypatch.setattr(fragments, "get_language", lambda: "en")
    assert fragments.key(rf.get("/"), "t", 1) != first  # each request reads its own


# --- FastPath's memo of its freshness check ------------------------------------------


def test_fast_path_trusts_a_check_for_the_memo_then_sees_another_process_purge(newsroom):
    from masthead.core.tests.test_page_cache import _environ

    caches["pages"].clear()
    url = newsroom.articles[5].url
    calls = []

    def django_app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"from django"]

    with override_settings(PAGE_CACHE_ENABLED=True, PAGE_CACHE_FASTPATH_MEMO=60):
        Client().get(url)
        fast = pagecache.FastPath(django_app)
        fast(_environ(url), lambda *a: None)
        # Another process purges: it bumps the version in the shared cache only.
        caches["pages"].set(pagecache.GLOBAL_VERSION_KEY, 1, timeout=None)
        fast(_environ(url), lambda *a: None)
        assert calls == []  # within the memo, the last check still holds
        fast.checked.clear()  # the memo ran out
        fast(_environ(url), lambda *a: None)
        assert calls == [url]
        # A purge in this process voids the memo at once.
        Client().get(url)
        fast(_environ(url), lambda *a: None)
        pagecache.purge([url])
        fast(_environ(url), lambda *a: None)
        assert calls == [url, url]
    caches["pages"].clear()


# --- the per-process copy and what it holds ----------------------------------------


@pytest.fixture
def local_copy():
    """The per-process copy as with Redis (the tests' shared cache is in-process, where
    fragments keep no copy)."""
    copy = fragments.LocalCopy(entries=100, timeout=60)
    fragments._local_state["cache"] = copy
    yield copy
    copy.clear()
    fragments._local_state.pop("cache", None)


def test_a_purge_reaches_the_per_process_copy(rf, local_copy):
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: ["old"]) == ["old"]
    caches["default"].clear()  # only this process's copy still has it
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: ["new"]) == ["old"]
    pagecache.purge_all()
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: ["new"]) == ["new"]
    fragments.get_or_set(rf.get("/"), "t", [2], lambda: ["old"], tags="k:1")
    caches["default"].clear()
    fragments.bump_tags("k:1")
    assert fragments.get_or_set(rf.get("/"), "t", [2], lambda: ["new"], tags="k:1") == ["new"]


def test_a_flushed_cache_never_reuses_a_generation(rf, local_copy):
    fragments.get_or_set(rf.get("/"), "t", [1], lambda: "old")
    caches["pages"].clear()
    caches["default"].clear()
    assert fragments.get_or_set(rf.get("/"), "t", [1], lambda: "new") == "new"


def test_an_unpublished_article_is_gone_at_once(newsroom, local_copy):
    article = newsroom.articles[6].specific
    assert Client().get(article.url).status_code == 200
    assert Client().get(article.url).status_code == 200  # the routed page from the cache
    article.unpublish()
    try:
        assert Client().get(article.url).status_code == 404
    finally:
        article.save_revision().publish()


def test_a_site_change_drops_the_cached_site(newsroom, rf):
    assert Client().get("/").status_code == 200
    before = fragments.current_generation()
    newsroom.site.save()  # SiteMiddleware's copy of the site is keyed by the generation
    assert fragments.current_generation() != before


def test_the_local_copy_keeps_what_nothing_can_change_as_it_is(rf):
    from collections import namedtuple

    from masthead.core.templatetags.masthead_tags import Navigation, _navigation

    copy = fragments.LocalCopy(entries=6, timeout=60)
    Row = namedtuple("Row", "pk when")
    plain = (Row(1, timezone.now()), ("a", 2.5, None, b"x"), timezone.now().date())
    copy.set("plain", plain)
    assert copy.get("plain") is plain  # shared by every thread: nothing can change it
    mixed = ("a", ["changeable"])
    copy.set("mixed", mixed)
    got = copy.get("mixed")
    assert got == mixed and got is not mixed
    got[1].append("changed by a reader")
    assert copy.get("mixed") == ("a", ["changeable"])

    class Loose(tuple):  # a tuple subclass whose instances take attributes
        pass

    assert not fragments.LocalCopy.unchangeable(Loose((1, 2)))
    # The navigation is such a value: every render reads it, none copies it.
    navigation = _navigation(rf.get("/"))
    assert isinstance(navigation, Navigation)
    assert fragments.LocalCopy.unchangeable(navigation)


def test_a_warm_article_render_copies_no_people_or_navigation(newsroom, local_copy):
    url = newsroom.articles[1].url
    first = Client().get(url)
    copied = []
    read = local_copy.get

    def get(key, default=None):
        found = local_copy._values.get(key)
        if found is not None and found[2]:  # pickled: each read unpickles a copy
            copied.append(key)
        return read(key, default)

    local_copy.get = get
    second = Client().get(url)
    assert second.content == first.content
    assert any(":route:" in key for key in copied)  # the article, a model instance
    for name in ("article-people", "navigation", "site-root-paths", "campaign-list"):
        assert not any(f":{name}:" in key for key in copied)
    assert not any(key.endswith(":view-restrictions") for key in copied)  # none here
    # a fragment that shows the authors, once dropped, still finds them
    fragments.bump_tags(f"article:{newsroom.articles[1].pk}")
    assert Client().get(url).content == first.content


def test_the_local_copy_keeps_html_as_is_and_copies_anything_else(monkeypatch):
    copy = fragments.LocalCopy(entries=6, timeout=60)
    html = SafeString("<p>Shared</p>")
    copy.set("html", html)
    assert copy.get("html") is html  # nothing can change a string: no copy, no pickling
    assert isinstance(copy.get("html"), SafeString)
    listed = ["a"]
    copy.set("list", listed)
    listed.append("changed after storing")
    got = copy.get("list")
    assert got == ["a"]
    got.append("changed by a reader")
    assert copy.get("list") == ["a"]  # each thread gets its own object
    copy.set("none", None)
    assert copy.get("none", "missing") is None  # a stored None is a value, not a miss
    # Expired values are misses, and are dropped.
    now = time.monotonic()
    monkeypatch.setattr(fragments.time, "monotonic", lambda: now + 61)
    assert copy.get("html", "missing") == "missing"
    monkeypatch.undo()
    # Capped: the oldest third goes when full.
    copy.clear()
    for number in range(10):
        copy.set(number, number)
    assert len(copy._values) <= 6
    assert copy.get(9) == 9
    assert copy.get(0) is None
