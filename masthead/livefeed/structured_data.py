"""schema.org LiveBlogPosting JSON-LD for the news feed page: one BlogPosting per update
shown (liveBlogUpdate), built as data and serialised safely by articles' script_tag."""

from masthead.articles import structured_data as article_data
from masthead.core.models import SiteSettings

from . import rendering


def live_blog(page, updates, base, request):
    outlet = SiteSettings.for_request(request)
    url = base.page_url(page.url_path)
    newest = max((item.updated_at or item.published_at for item in updates), default=None)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url + "#live",
        "url": url,
        "headline": article_data.headline(page.seo_title or page.title),
        "description": page.search_description or page.introduction or page.title,
        "datePublished": article_data.iso(page.first_published_at),
        "dateModified": article_data.iso(newest or page.last_published_at),
        "coverageStartTime": article_data.iso(page.first_published_at),
        "publisher": article_data.publisher(outlet, base),
        "liveBlogUpdate": [blog_posting(item, page, base) for item in updates],
    }
    return article_data.script_tag(data)


def blog_posting(item, page, base):
    posting = {
        "@type": "BlogPosting",
        "headline": article_data.headline(item.headline),
        "datePublished": article_data.iso(item.published_at),
        "url": base.absolute(page.item_url(item.pk)),
    }
    if item.updated_at:
        posting["dateModified"] = article_data.iso(item.updated_at)
    text = rendering.plain_text(item.body)
    if text:
        posting["articleBody"] = text
    if item.article_id:
        posting["sameAs"] = base.page_url(item.article.url_path)
    return posting
