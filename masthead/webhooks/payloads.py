"""What an article event carries. Reads articles only through its models."""


def _iso(value):
    return value.isoformat() if value else None


def article_data(page):
    """{"article": {...}} for article.published / .updated / .unpublished."""
    section = page.section if page.section_id else None
    return {
        "article": {
            "id": page.pk,
            "url": page.full_url,
            "headline": page.title,
            "standfirst": page.standfirst,
            "kind": page.kind,
            "section": (
                {"id": section.pk, "title": section.title, "url": section.full_url}
                if section is not None
                else None
            ),
            "authors": [
                {"id": author.pk, "name": author.title, "url": author.full_url}
                for author in page.ordered_authors
            ],
            "tags": sorted(tag.name for tag in page.tags.all()),
            "published_at": _iso(page.published_at),
            "updated_at": _iso(page.updated_at),
        }
    }
