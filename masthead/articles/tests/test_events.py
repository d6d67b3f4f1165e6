"""Article events (articles/events.py): Wagtail's raw signals become one event per change,
sent after the commit, with what the article was and is; other apps' URLs come from the
purge registry (core/purges.py)."""

import pytest
from django.urls import reverse

from masthead.articles import events
from masthead.articles.tests.factories import ArticlePageFactory
from masthead.core import purges

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    received = []

    def listener(name):
        def receive(sender, **fields):
            received.append((name, fields))

        return receive

    receivers = {name: listener(name) for name in events.ALL}
    for name, signal in events.ALL.items():
        signal.connect(receivers[name], dispatch_uid=f"test-{name}")
    yield received
    for name, signal in events.ALL.items():
        signal.disconnect(dispatch_uid=f"test-{name}")


def names(sent):
    return [name for name, _ in sent]


def test_a_first_publish_is_one_event_after_the_commit(
    newsroom, sent, django_capture_on_commit_callbacks
):
    section = newsroom.sections[0]
    article = ArticlePageFactory(parent=section, live=False, title="Grain ships sail again")
    with django_capture_on_commit_callbacks() as callbacks:
        revision = article.save_revision()
        revision.publish()
    assert sent == []  # nothing inside the transaction
    for callback in callbacks:
        callback()
    assert names(sent) == ["published"]
    fields = sent[0][1]
    assert fields["article_id"] == article.pk
    assert (fields["was_live"], fields["is_live"]) == (False, True)
    assert fields["urls_before"] == []
    assert article.url in fields["urls_after"]
    assert section.url in fields["urls_after"]
    # other apps' URLs, from the registry: the Content API, the podcast, the feeds
    assert reverse("api:article", args=[article.pk]) in fields["urls_after"]
    assert reverse("podcast_feed") in fields["urls_after"]
    assert reverse("feed", kwargs={"fmt": "rss"}) in fields["urls_after"]
    assert fields["section_id"] == section.pk
    assert fields["revision_id"] == revision.pk
    assert f"article:{article.pk}" in fields["tags"] and f"section:{section.pk}" in fields["tags"]


def test_republish_unpublish_move_and_delete(newsroom, sent, django_capture_on_commit_callbacks):
    first, second = newsroom.sections[0], newsroom.sections[1]
    article = ArticlePageFactory(parent=first, live=False, title="Night buses return")
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        article.title = "Night buses return to the suburbs"
        article.save_revision().publish()
    assert names(sent) == ["published", "updated"]
    assert sent[1][1]["was_live"] is True
    old_url = article.url

    del sent[:]
    with django_capture_on_commit_callbacks(execute=True):
        article.move(second, pos="last-child")
    assert names(sent) == ["moved"]
    moved = sent[0][1]
    assert moved["section_id"] == second.pk
    assert old_url in moved["urls_before"] and first.url in moved["urls_before"]
    assert second.url in moved["urls_after"]
    assert f"section:{first.pk}" in moved["tags"] and f"section:{second.pk}" in moved["tags"]

    del sent[:]
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert names(sent) == ["unpublished"]
    assert sent[0][1]["is_live"] is False

    del sent[:]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    del sent[:]
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert names(sent) == ["unpublished", "deleted"]
    assert sent[1][1]["article"].title == "Night buses return to the suburbs"


def test_a_broken_listener_does_not_stop_the_others(
    newsroom, sent, django_capture_on_commit_callbacks
):
    def broken(sender, **fields):
        raise RuntimeError("listener down")

    events.article_published.connect(broken, dispatch_uid="test-broken")
    try:
        article = ArticlePageFactory(parent=newsroom.sections[2], live=False)
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
    finally:
        events.article_published.disconnect(dispatch_uid="test-broken")
    assert names(sent) == ["published"]


def test_the_registry_collects_urls_and_skips_a_broken_function(newsroom):
    article = newsroom.articles[0].specific
    purges.register("article", lambda a: ["/extra/", None, "/extra/"], name="test-extra")
    purges.register("article", lambda a: 1 / 0, name="test-broken")
    try:
        urls = purges.urls_for("article", article)
    finally:
        purges.unregister("article", "test-extra")
        purges.unregister("article", "test-broken")
    assert urls.count("/extra/") == 1
    assert reverse("api:article", args=[article.pk]) in urls
    assert "/extra/" not in purges.urls_for("article", article)
