"""An editor in Chromium writes an article in Wagtail's editor and publishes it: on the
first click, and while an autosave is still on its way to the server (the race that gave
"slug already in use" and a 500; see static/masthead/js/admin-editor.js).

Run only these with `pytest -m browser`."""

import contextlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from masthead.articles.models import ArticlePage
from masthead.core.tests.reader_checks import CHROMIUM, CHROMIUM_ARGS, browser_test_marks
from masthead.images.tests.factories import ImageFactory
from masthead.pages.tests.factories import build_newsroom

pytestmark = browser_test_marks()

HEADLINE = "Ferry crossing reopens after the spring flood"

# The page tells the test when Wagtail's change watcher has its baseline (it ignores
# edits made in its first two seconds) and can click Publish as an autosave's request
# leaves, the moment the bug needed.
INIT_SCRIPT = """
document.addEventListener("w-unsaved:watch-edits", () => { window.__watching = true; });
const originalFetch = window.fetch;
window.fetch = function (input, init) {
  const isAutosave = init && String(init.method).toUpperCase() === "POST";
  const hasHeadline = isAutosave && init.body instanceof FormData && init.body.get("title");
  if (hasHeadline && window.__publishDuringAutosave) {
    window.__publishDuringAutosave = false;
    setTimeout(() => document.querySelector("button[name='action-publish']").click(), 0);
  }
  return originalFetch.apply(this, arguments);
};
"""


@pytest.fixture
def editor(live_server):
    """A newsroom, an editor signed in (their session cookie) and the section's add URL."""
    newsroom = build_newsroom(sections=1, articles_per_section=2, authors=2)
    ImageFactory(title="Ferry at the landing stage")
    user = get_user_model().objects.create_superuser(
        email="desk@meridian.example", password="not-used-here"
    )
    client = Client()
    client.force_login(user)
    section = newsroom.sections[0]
    return {
        "base": live_server.url,
        "cookie": client.cookies["sessionid"].value,
        "add_url": f"{live_server.url}/admin/pages/add/articles/articlepage/{section.pk}/",
        "author": newsroom.authors[1].title,
    }


@contextlib.contextmanager
def editor_page(editor):
    """Chromium, started after the test data exists (Django refuses database calls from
    the thread while Playwright's event loop runs in it), with the editor signed in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            context.add_cookies(
                [{"name": "sessionid", "value": editor["cookie"], "url": editor["base"]}]
            )
            context.add_init_script(INIT_SCRIPT)
            page = context.new_page()
            statuses = []
            page.on("response", lambda response: statuses.append((response.status, response.url)))
            page.statuses = statuses
            posts = []
            page.on(
                "request",
                lambda r: (
                    r.method == "POST"
                    and posts.append((r.url, r.headers.get("accept", ""), r.post_data or ""))
                ),
            )
            page.posts = posts
            page.goto(editor["add_url"])
            page.wait_for_function("() => window.__watching === true")
            yield page
        finally:
            browser.close()


def choose_author(page, name):
    page.get_by_role("button", name="Choose a page (Author)").click()
    page.locator(".modal a.choose-page", has_text=name).click()
    page.locator(".modal").wait_for(state="hidden")


def publish_and_wait(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/", timeout=30_000)


def assert_published_once(page):
    assert not [status for status in page.statuses if status[0] >= 500], page.statuses
    # "created and published", or "has been published" when an autosave created it
    message = page.locator(".messages").inner_text()
    assert f"Page '{HEADLINE}'" in message and "published" in message, message


def test_an_article_with_image_author_tags_and_body_publishes_on_the_first_click(editor):
    with editor_page(editor) as page:
        page.locator("#id_title").press_sequentially(HEADLINE)
        page.locator("#id_standfirst").fill("Boats run again from the old landing stage.")
        choose_author(page, editor["author"])

        page.get_by_role("button", name="Choose an image").click()
        page.locator(".modal a[data-chooser-modal-choice]").first.click()
        page.locator(".modal").wait_for(state="hidden")

        page.get_by_role("button", name="Insert a block").first.click()
        page.get_by_role("option", name="Paragraph").click()
        body = page.locator(".public-DraftEditor-content").first
        body.click()
        body.type("The ferry carried forty passengers on its first crossing since March.")
        # Draftail writes the text into the form's hidden field on its own schedule: wait
        # for it, as an editor's next click would.
        page.wait_for_function(
            """() => [...document.querySelectorAll('#page-edit-form input[type=hidden]')]
                .some((input) => input.value.includes('forty passengers'))"""
        )

        tags = page.locator("#id_tags").locator("xpath=..").locator("input.ui-autocomplete-input")
        tags.fill("Transport")
        tags.press("Enter")

        # The slug came from the headline (Promote tab): nothing to fill in there.
        assert (
            page.locator("#id_slug").input_value()
            == "ferry-crossing-reopens-after-the-spring-flood"
        )
        # The race with an autosave in flight is the next test's; here the editor has
        # finished typing and any autosave has returned.
        page.wait_for_load_state("networkidle")
        publish_and_wait(page)
        assert_published_once(page)

    article = ArticlePage.objects.get(title=HEADLINE)
    assert article.live
    assert article.lead_image is not None
    assert article.author_names() == editor["author"]
    assert [tag.name for tag in article.tags.all()] == ["Transport"]
    assert "forty passengers" in str(article.body)
    assert Client().get(article.url).status_code == 200


def test_publish_while_an_autosave_is_on_its_way_publishes_the_one_article(editor):
    with editor_page(editor) as page:
        choose_author(page, editor["author"])
        page.evaluate("window.__publishDuringAutosave = true")
        # Typed, as an editor types: each keyup fills the slug from the headline.
        page.locator("#id_title").press_sequentially(HEADLINE)
        page.wait_for_url("**/admin/pages/*/", timeout=30_000)
        autosaves = [url for url, accept, _ in page.posts if accept == "application/json"]
        publishes = [url for url, _, data in page.posts if "action-publish" in data]
        assert autosaves and "/admin/pages/add/" in autosaves[0], page.posts
        # The Publish waited for the autosave that created the page, then went to its
        # edit view (not to the create view a second time).
        assert len(publishes) == 1 and publishes[0].endswith("/edit/"), publishes
        assert_published_once(page)

    [article] = ArticlePage.objects.filter(title=HEADLINE)
    assert article.live
    assert article.slug == "ferry-crossing-reopens-after-the-spring-flood"
    assert article.author_names() == editor["author"]
