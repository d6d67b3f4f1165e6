from masthead.articles.tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    AuthorsIndexPageFactory,
    SectionPageFactory,
)
from masthead.pages.tests.factories import make_home


def newsroom(articles=3):
    """A home, a section, an author and `articles` live articles in it."""
    home = make_home()
    section = SectionPageFactory(parent=home, title="War", slug="war")
    index = AuthorsIndexPageFactory(parent=home)
    author = AuthorPageFactory(parent=index, title="Olena Kovalenko", slug="olena-kovalenko")
    stories = [
        ArticlePageFactory(parent=section, authors=[author], title=f"Story {n}", slug=f"story-{n}")
        for n in range(articles)
    ]
    return home, section, author, stories
