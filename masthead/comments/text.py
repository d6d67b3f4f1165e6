"""What a reader types, made into safe HTML: plain text with paragraphs, line breaks,
quotes and automatic links, sanitised by nh3 whatever came in.

A comment is plain text: any markup typed is escaped and shows as typed. A blank line
starts a paragraph, a line break stays a line break, lines starting with ">" are a
quote, and web addresses become links with rel="ugc nofollow noopener noreferrer".
nh3 then keeps only p, br, a (href) and blockquote: the last word, even if the steps
before it had a bug."""

import re

import nh3
from django.utils.html import escape

ALLOWED_TAGS = {"p", "br", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}
LINK_REL = "ugc nofollow noopener noreferrer"
# A web address: http(s):// or www., up to whitespace or a character no address holds.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`\x00-\x1f\x7f]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def links_in(text):
    """The web addresses in `text`, as they will be linked."""
    return [_trim(match.group(0))[0] for match in URL.finditer(text or "")]


def _trim(url):
    """An address without the punctuation that ends the sentence around it."""
    rest = ""
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        rest = url[-1] + rest
        url = url[:-1]
    return url, rest


def _linkify(line):
    out = []
    last = 0
    for match in URL.finditer(line):
        url, rest = _trim(match.group(0))
        href = url if "://" in url else "https://" + url
        out.append(escape(line[last : match.start()]))
        out.append(f'<a href="{escape(href)}">{escape(url)}</a>{escape(rest)}')
        last = match.end()
    out.append(escape(line[last:]))
    return "".join(out)


def _block(lines):
    return "<br>".join(_linkify(line) for line in lines)


def normalise(text):
    """The text as stored: unified line ends, no NULs or other control characters than
    tab and newline, no trailing space."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " " and ch != "\x7f")
    return text.strip()


def render(text):
    """Safe HTML for a comment's text."""
    text = normalise(text)
    if not text:
        return ""
    html = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        lines = [line.rstrip() for line in paragraph.strip("\n").split("\n")]
        quoted, plain = [], []
        for line in lines:
            if line.startswith(">"):
                if plain:
                    html.append(f"<p>{_block(plain)}</p>")
                    plain = []
                quoted.append(line[1:].lstrip())
            else:
                if quoted:
                    html.append(f"<blockquote><p>{_block(quoted)}</p></blockquote>")
                    quoted = []
                plain.append(line)
        if quoted:
            html.append(f"<blockquote><p>{_block(quoted)}</p></blockquote>")
        if plain:
            html.append(f"<p>{_block(plain)}</p>")
    return nh3.clean(
        "".join(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def words_pattern(lines):
    """One case-insensitive pattern matching any listed word or phrase as a whole word
    (one a line; blank lines ignored), or None for an empty list."""
    phrases = sorted({line.strip().casefold() for line in (lines or "").splitlines()} - {""})
    if not phrases:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_word(pattern, text):
    """The first listed word in `text`, or None."""
    if pattern is None:
        return None
    match = pattern.search((text or "").casefold())
    return match.group(0) if match else None
