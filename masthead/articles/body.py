"""Turn HTML from outside (the Admin API, importers) into article body blocks.

HTML is sanitised with nh3 down to what the body's rich text allows, then split at its
top level: h1–h6 become heading blocks, runs of everything else become paragraph blocks.
Blocks given as data are checked against the StreamField's own block definitions, and
every problem is reported with its path (`[2, "value", "text"]`) and a readable message.
"""

from html import escape, unescape
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.blocks.base import get_error_json_data

from masthead.articles.blocks import BodyBlock

# Rich text tags the body's paragraph blocks keep (RICH_TEXT_FEATURES), plus headings,
# which become their own blocks. Wagtail stores bold as <b> and italic as <i>.
INLINE_TAGS = {"b", "i", "a", "sup", "sub", "s", "br"}
BLOCK_TAGS = {"p", "ul", "ol", "li"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
RENAMED = {"strong": "b", "em": "i", "strike": "s", "del": "s"}
VOID_TAGS = {"br"}


def sanitise(html):
    """Only the tags and attributes the body keeps, links with http(s) or mailto schemes;
    scripts and styles go with their content."""
    return nh3.clean(
        html or "",
        tags=INLINE_TAGS | BLOCK_TAGS | HEADING_TAGS | set(RENAMED),
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


class _TopLevelSplitter(HTMLParser):
    """Re-serialise sanitised HTML as a list of (top-level tag or None, html)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self.depth = 0

    def _emit(self, text, tag=None):
        if self.depth == 0 and (tag or text.strip()):
            self.chunks.append([tag, ""])
        if self.chunks:
            self.chunks[-1][1] += text

    def handle_starttag(self, tag, attrs):
        tag = RENAMED.get(tag, tag)
        rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self._emit(f"<{tag}{rendered}>", tag=tag)
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        tag = RENAMED.get(tag, tag)
        if tag in VOID_TAGS:
            return
        self._emit(f"</{tag}>")
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        self._emit(escape(data, quote=False))


def rich_text(html):
    """Sanitised rich text for one paragraph block: loose text and inline runs get a <p>,
    headings become bold paragraphs."""
    splitter = _TopLevelSplitter()
    splitter.feed(sanitise(html))
    splitter.close()
    parts, inline = [], []

    def flush():
        text = "".join(inline).strip()
        if text and text != "<br>":
            parts.append(f"<p>{text}</p>")
        inline.clear()

    for tag, chunk in splitter.chunks:
        if tag in HEADING_TAGS:
            flush()
            parts.append(
                f"<p><b>{escape(unescape(strip_tags(chunk)).strip(), quote=False)}</b></p>"
            )
        elif tag in {"p", "ul", "ol"}:
            flush()
            parts.append(chunk)
        else:
            inline.append(chunk)
    flush()
    return "".join(parts)


def blocks_from_html(html):
    """Raw StreamField data ([{"type", "value"}]) for an HTML body."""
    splitter = _TopLevelSplitter()
    splitter.feed(sanitise(html))
    splitter.close()
    blocks, paragraph = [], []

    def flush():
        if paragraph:
            blocks.append({"type": "paragraph", "value": rich_text("".join(paragraph))})
            paragraph.clear()

    for tag, chunk in splitter.chunks:
        if tag in HEADING_TAGS:
            flush()
            text = " ".join(unescape(strip_tags(chunk)).split())
            if text:
                level = "h2" if tag in {"h1", "h2"} else "h3"
                blocks.append({"type": "heading", "value": {"text": text, "level": level}})
        else:
            paragraph.append(chunk)
    flush()
    return blocks


def _error_paths(data, loc):
    for message in data.get("messages", []):
        yield loc, message
    for name, child in data.get("blockErrors", {}).items():
        yield from _error_paths(child, [*loc, name])


def clean_blocks(raw):
    """Check raw block data against BodyBlock; return a value for `ArticlePage.body`.

    Paragraph values are sanitised like `body_html`. Raises ValidationError whose
    `error_list` items carry `params["loc"]`, the path below the body."""
    stream = BodyBlock()
    cleaned, errors = [], []

    def error(loc, message, code="invalid"):
        errors.append(ValidationError(message, code=code, params={"loc": loc}))

    if not isinstance(raw, list):
        error([], _("The body must be a list of blocks."))
        raise ValidationError(errors)
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or "type" not in item:
            error([index], _('Each block needs a "type" and a "value".'))
            continue
        block_type = item.get("type")
        child = stream.child_blocks.get(block_type)
        if child is None:
            error(
                [index, "type"],
                _("Unknown block type %(type)r; use one of: %(types)s.")
                % {"type": block_type, "types": ", ".join(stream.child_blocks)},
                code="unknown_block",
            )
            continue
        value = item.get("value")
        if block_type == "paragraph":
            if not isinstance(value, str):
                error([index, "value"], _("A paragraph's value is a string of HTML."))
                continue
            value = rich_text(value)
        try:
            native = child.clean(child.to_python(value))
        except ValidationError as exc:
            for loc, message in _error_paths(get_error_json_data(exc), [index, "value"]):
                error(loc, message, code="block_invalid")
            continue
        except (TypeError, ValueError, AttributeError, KeyError):
            error(
                [index, "value"],
                _("This is not a valid %(type)s block.") % {"type": block_type},
                code="block_invalid",
            )
            continue
        cleaned.append((block_type, native))
    if errors:
        raise ValidationError(errors)
    return cleaned
