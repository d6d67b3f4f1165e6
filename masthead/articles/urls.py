"""Feeds, sitemaps and robots.txt. URL names are relied on by cache purges
(distribution.urls_affected_by): keep them."""

from django.urls import path, register_converter

from . import views
from .distribution import FeedFormatConverter

register_converter(FeedFormatConverter, "feedfmt")

urlpatterns = [
    path("feeds/<feedfmt:fmt>", views.feed, name="feed"),
    path(
        "feeds/section/<slug:slug>/<feedfmt:fmt>",
        views.feed,
        {"kind": "section"},
        name="section_feed",
    ),
    path(
        "feeds/author/<slug:slug>/<feedfmt:fmt>", views.feed, {"kind": "author"}, name="author_feed"
    ),
    path("feeds/topic/<slug:slug>/<feedfmt:fmt>", views.feed, {"kind": "tag"}, name="tag_feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemaps/<str:part>-<int:page>.xml", views.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
