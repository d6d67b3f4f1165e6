import pytest
from wagtail.rich_text import RichText

from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.pages.tests.factories import make_home

from .engines import ToneEngine

TONE = "masthead.audio.tests.engines.ToneEngine"
BROKEN = "masthead.audio.tests.engines.BrokenEngine"


class Desk:
    """A home page, one section and one author, for articles to be narrated in."""

    def __init__(self):
        self.home = make_home()
        self.section = SectionPageFactory(parent=self.home, title="War", slug="war")
        index = AuthorsIndexPageFactory(parent=self.home)
        self.author = AuthorPageFactory(parent=index, title="Olena Kovalenko", photo=None)

    def article(self, body="The bridge reopened on Tuesday.", publish=True, **kwargs):
        kwargs.setdefault("title", "Bridge reopens")
        kwargs.setdefault("standfirst", "Traffic returned.")
        kwargs.setdefault("lead_image", None)
        return ArticlePageFactory(
            parent=self.section,
            authors=[self.author],
            body=[("paragraph", RichText(f"<p>{body}</p>"))],
            publish=publish,
            **kwargs,
        )


@pytest.fixture
def desk(db):
    return Desk()


@pytest.fixture
def tone(settings):
    """Narrate with the quick test tone; publishing narrates."""
    settings.NARRATION_ENGINE = TONE
    settings.NARRATION_AUTO = True
    ToneEngine.calls = []
    return ToneEngine
