"""Writes for the articles app that are not Wagtail's own page editing."""

from django.db import transaction

from .models import ArticlePage, SectionPage


@transaction.atomic
def do_sync_article_section(article, parent):
    """Keep the denormalised `section` of an article right after it moves.

    Wagtail's move saves the base page row only, so ArticlePage.save (which sets
    `section` from the parent) does not run."""
    section_id = parent.pk if parent.specific_class is SectionPage else None
    ArticlePage.objects.filter(pk=article.pk).update(section_id=section_id)
    article.section_id = section_id
    article.__dict__.pop("section", None)
    if hasattr(article, "_state") and "section" in article._state.fields_cache:
        del article._state.fields_cache["section"]
