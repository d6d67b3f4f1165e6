"""Small helpers to read rendered pages in tests."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(node):
    """The words a reader hears: visible text, without aria-hidden decorations."""
    words = []
    for string in node.find_all(string=True):
        if any(parent.get("aria-hidden") == "true" for parent in string.parents if parent.attrs):
            continue
        words.append(str(string))
    return " ".join(" ".join(words).split())


def main(response):
    """The page's <main> element (what a reader came for, without header and footer)."""
    return soup(response).find("main")
