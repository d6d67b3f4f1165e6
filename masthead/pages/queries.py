"""Reads for the front page, in a number of queries that does not grow with the archive."""

from masthead.articles import queries as article_queries
from masthead.articles.models import SectionPage

ROW_SIZE = 4


def front_page(home, request):
    site = home.get_site()
    published = article_queries.published()

    lead = None
    if home.lead_article_id:
        lead = article_queries.cards(published.filter(pk=home.lead_article_id)).first()
    latest = article_queries.latest_articles(limit=13, exclude=[lead.pk] if lead else [])
    if lead is None and latest:
        lead = latest.pop(0)
    top_stories, latest = latest[:4], latest[4:]

    sections = list(SectionPage.objects.live().child_of(home).order_by("path")[: home.section_rows])
    shown = {a.pk for a in [lead, *top_stories] if a}
    # One cheap index scan per section for ids, then one card query for them all.
    row_ids = {
        section.pk: list(
            published.filter(section=section)
            .exclude(pk__in=shown)
            .order_by("-published_at")
            .values_list("pk", flat=True)[:ROW_SIZE]
        )
        for section in sections
    }
    all_ids = [pk for ids in row_ids.values() for pk in ids]
    by_id = {a.pk: a for a in article_queries.cards(published.filter(pk__in=all_ids))}
    section_rows = [
        {"section": section, "articles": [by_id[pk] for pk in row_ids[section.pk] if pk in by_id]}
        for section in sections
    ]
    return {
        "lead": lead,
        "top_stories": top_stories,
        "latest": latest,
        "section_rows": [row for row in section_rows if row["articles"]],
        "editors_picks": article_queries.editors_picks(site) if site else [],
    }
