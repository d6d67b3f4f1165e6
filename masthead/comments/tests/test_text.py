"""Formatting and sanitising: plain text with paragraphs, breaks, quotes and links."""

from masthead.comments import text


def test_paragraphs_and_line_breaks():
    assert text.render("One\ntwo\n\nThree") == "<p>One<br>two</p><p>Three</p>"


def test_markup_is_escaped_not_interpreted():
    html = text.render('<script>alert(1)</script><b onmouseover="x">hi</b>')
    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;" in html


def test_links_are_automatic_with_ugc_rel():
    html = text.render("See https://example.org/a?b=1&c=2. And www.example.net!")
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="ugc nofollow noopener noreferrer">'
        in html
    )
    assert (
        '<a href="https://www.example.net" rel="ugc nofollow noopener noreferrer">www.example.net</a>!'
        in html
    )


def test_javascript_urls_never_become_links():
    html = text.render("javascript:alert(1) and JaVaScRiPt://x")
    assert "<a" not in html


def test_quotes_become_blockquotes():
    assert text.render("> quoted\nmine") == "<blockquote><p>quoted</p></blockquote><p>mine</p>"


def test_links_counted():
    assert len(text.links_in("http://a.example b https://c.example/x, www.d.example")) == 3


def test_control_characters_dropped():
    assert text.normalise("a\x00b\r\nc\x07") == "ab\nc"


def test_word_list_matches_whole_words_case_insensitively():
    pattern = text.words_pattern("spam\nbuy now\n\n")
    assert text.find_word(pattern, "Please BUY   now") == "buy   now"
    assert text.find_word(pattern, "spammer") is None
    assert text.find_word(text.words_pattern(""), "anything") is None
