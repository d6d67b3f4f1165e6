"""A lost image file never takes a reading page down."""

import pytest
from django.test import Client

from masthead.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_article_whose_lead_image_file_is_gone_still_renders(newsroom):
    article = ArticlePageFactory(
        parent=newsroom.sections[0], authors=[newsroom.authors[0]], publish=True
    )
    image = article.lead_image
    image.file.storage.delete(image.file.name)

    response = Client().get(article.url)

    assert response.status_code == 200
    assert article.title.encode() in response.content
