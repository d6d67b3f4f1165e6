"""Settings of articles: reading time and list lengths."""

WORDS_PER_MINUTE = 230
ARTICLES_PER_PAGE = 20
