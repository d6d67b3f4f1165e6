"""Compose demo articles from the desks' hand-written material.

`write()` is pure: given a desk, an article number, a time and a random
generator it returns a Draft (headline, standfirst, kind, tags, StreamField
blocks). It never touches the database, so the bulk loader can call it too.
"""

import html
import json
import re
import uuid
from dataclasses import dataclass, field

from django.utils.text import slugify

from . import (
    desk_analysis,
    desk_business,
    desk_field,
    desk_human,
    desk_national,
    desk_opinion,
    desk_war,
)
from .stories import COMMON, COMMON_CLOSERS, TAGS
from .world import analyst_slots, cast, official_slots, people

# Section order on the site (and in the header).
DESKS = (
    desk_war.DESK,
    desk_analysis.DESK,
    desk_national.DESK,
    desk_human.DESK,
    desk_field.DESK,
    desk_opinion.DESK,
    desk_business.DESK,
)

EXPLAINER_HEADINGS = (
    "What happened?",
    "Why does it matter?",
    "What do we know so far?",
    "Who is affected?",
    "What happens next?",
)
MIN_WORDS = 320
RELATED_LABELS = ("Read also", "Read also", "Background", "Related")

QUOTE_SAID = re.compile(
    r'"([^"]{30,200}?)[,.?!]?" (?:said|says) ([A-Z][\w\'-]+(?: [A-Z][\w\'-]+)*)'
)
QUOTE_NAME_SAID = re.compile(r'"([^"]{30,200}?)[,.?!]?" ([A-Z][\w\'-]+(?: [A-Z][\w\'-]+)?) said')


@dataclass
class Draft:
    desk: str
    title: str
    standfirst: str
    kind: str
    tags: list
    blocks: list = field(default_factory=list)
    # Which pictures would suit: the desk plus the story's tags.
    suits: tuple = ()
    words: int = 0
    # The article's town, front-line town, village and port, for picture captions.
    places: dict = field(default_factory=dict)

    @property
    def slug(self):
        return slugify(self.title)[:70].strip("-") or "article"

    def blocks_json(self):
        return json.dumps(self.blocks)


def fill(template, slots):
    text = template.format_map(slots)
    # "{enemy}" is "the Dravic Federation"; a sentence may start with it.
    return re.sub(r'(^|[.?!]"? | ")the (?=[A-Z])', lambda m: f"{m.group(1)}The ", text)


def typeset(text):
    """Curly quotes and apostrophes, as an editor would set them."""
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1\u201c", text).replace('"', "\u201d")
    return re.sub(r"(^|[\s(\[\u201c—–-])'", "\\1\u2018", text).replace("'", "\u2019")


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def paragraph(text):
    return block("paragraph", f"<p>{html.escape(typeset(text), quote=False)}</p>")


def words_in(text):
    return len(text.split())


def headline_for(story, slots, variant, taken):
    """The first of the story's headlines, starting from `variant`, not yet taken."""
    count = len(story.headlines)
    for step in range(count):
        title = fill(story.headlines[(variant + step) % count], slots)
        title = title[0].upper() + title[1:]
        if typeset(title).lower() not in taken:
            return title
    return None


def introduce(texts, slots):
    """Give officials, analysts and doctors their full name and title at first
    mention (even where the copy first uses a surname), and only there."""
    texts = list(texts)
    people = [(slots[f"{key}_name"], slots[f"{key}_last"], slots[key]) for key in INTRODUCED]
    people.append((slots["doctor"], slots["doctor_last"], slots["doctor"]))
    for name, last, full in people:
        seen = False
        for i, text in enumerate(texts):
            if seen:
                texts[i] = text.replace(f"{full}, said", f"{name} said").replace(full, name)
                continue
            at_name, at_last = text.find(name), text.find(last)
            if at_last < 0:
                continue
            seen = True
            if at_name >= 0 and at_name + len(name) - len(last) == at_last:
                at, length = at_name, len(name)  # first mention is the full name
            else:
                at, length = at_last, len(last)  # first mention is a bare surname
            if not text.startswith(full, at):
                text = text[:at] + full + text[at + length :]
            end = at + len(full)
            if "," in full and text[end : end + 1] == " ":
                # "Anton Sedlar, the governor of the region, said" needs the closing comma.
                text = text[:end] + "," + text[end:]
                end += 1
            texts[i] = text[:end] + text[end:].replace(f"{full}, said", f"{name} said").replace(
                full, name
            )
    return texts


INTRODUCED = ("official", "analyst", "analyst2", "local", "city_official")
PEOPLE_KEYS = (
    "resident_first",
    "resident_name",
    "resident2_first",
    "resident2_name",
    "boss_last",
    "volunteer_first",
    "analyst_last",
    "analyst2_last",
    "official_last",
    "local_last",
    "city_official_last",
    "doctor_last",
)


def _closer(desk, kind, slots, texts, rng):
    """A closing line that names nobody the article has not introduced."""
    story_text = " ".join(texts)
    pool = desk.closers + (
        COMMON_CLOSERS if kind in ("news", "investigation", "field_report") else ()
    )
    candidates = [fill(text, slots) for text in pool]
    rng.shuffle(candidates)
    for text in candidates:
        names = [slots[key] for key in PEOPLE_KEYS if slots[key] in text]
        if all(name in story_text for name in names):
            return text
    return None


def _desk_pull_quote(desk, texts, slots):
    """One of the desk's chosen lines, if this article contains it."""
    story_text = " ".join(texts)
    for quote, attribution in desk.pull_quotes:
        if quote.rstrip(".") in story_text:
            return quote, fill(attribution, slots)
    return None


def _pull_quote(paragraphs, slots):
    """A quote spoken in this article and who said it, or None."""
    surnames = {}
    for key, value in slots.items():
        if key.endswith("_last") and isinstance(value, str):
            full = slots.get(key[: -len("_last")] + "_name") or slots.get(key[: -len("_last")])
            if full:
                surnames[value] = full.split(",")[0]
    for text in paragraphs:
        for pattern in (QUOTE_SAID, QUOTE_NAME_SAID):
            match = pattern.search(text)
            if match:
                quote, speaker = match.group(1).strip(), match.group(2).strip()
                speaker = surnames.get(speaker, speaker)
                if speaker in ("The", "A", "An"):
                    continue
                if quote[-1] not in ".?!":
                    quote += "."
                return quote, speaker
    return None


def write(desk, number, when, rng, taken=frozenset(), images=(), related=()):
    """Write article `number` of `desk`, published at `when`.

    `taken` holds lower-cased headlines already used; returns None if every
    headline the story offers is taken for every cast tried. `images` are
    image ids that may appear inside the body, `related` article ids that may
    get a "Read also" card.
    """
    stories = desk.stories
    story = stories[number % len(stories)]
    variant = number // len(stories)
    for _attempt in range(12):
        slots = cast(rng, when)
        title = headline_for(story, slots, variant + _attempt, taken)
        if title:
            break
    else:
        return None
    if story.officials:
        slots.update(official_slots(rng.choice(story.officials)))
    if story.analysts or desk.analysts:
        slots.update(analyst_slots(rng, story.analysts or desk.analysts))

    kind = story.kinds[(variant + rng.randrange(len(story.kinds))) % len(story.kinds)]
    standfirst = fill(story.standfirsts[variant % len(story.standfirsts)], slots)
    lede = fill(story.ledes[variant % len(story.ledes)], slots)

    material = [fill(text, slots) for text in story.body]
    body = list(material)
    if variant % 2:
        # A second article from the same story leads with a different half of the material.
        rng.shuffle(body)
        body = body[: max(2, len(body) // 2 + 1)]
    elif len(body) > 3 and rng.random() < 0.5:
        body.pop(rng.randrange(1, len(body)))
    unused = [text for text in material if text not in body]

    # Quotes from the desk's pool get people of their own, so one resident
    # doesn't turn up in three places with three life stories.
    quotes = [fill(text, {**slots, **people(rng, slots["_used"])}) for text in desk.quotes]
    context = [fill(text, slots) for text in desk.context]
    rng.shuffle(quotes)
    rng.shuffle(context)
    if kind == "review":
        quotes, context = [], []
    elif kind in ("opinion", "interview"):
        quotes, context = (quotes if kind == "opinion" else []), context[:2]
    elif kind != "feature":
        context.insert(rng.randint(0, len(context)), fill(rng.choice(COMMON), slots))

    target = rng.randint(330, 1080)
    texts = [lede, *body]
    qa_blocks = []
    if kind == "interview" and story.qa:
        for question, answer in story.qa:
            question = html.escape(typeset(fill(question, slots)), quote=False)
            qa_blocks.append(block("paragraph", f"<p><b>{question}</b></p>"))
            qa_blocks.append(paragraph(fill(answer, slots)))
    count = sum(map(words_in, texts)) + words_in(title) + words_in(standfirst)
    count += sum(words_in(re.sub(r"<[^>]+>", "", b["value"])) for b in qa_blocks)
    while count < target and (quotes or context):
        if quotes and (not context or rng.random() < 0.5):
            text = quotes.pop()
            at = rng.randint(2, len(texts)) if len(texts) > 2 else len(texts)
        else:
            # Background reads best in the second half.
            text = context.pop()
            at = rng.randint(max(2, len(texts) // 2), len(texts))
        texts.insert(at, text)
        count += words_in(text)
    while count < MIN_WORDS and unused:
        text = unused.pop()
        texts.insert(len(texts) if kind == "interview" else rng.randint(1, len(texts)), text)
        count += words_in(text)
    if kind != "interview":
        closer = _closer(desk, kind, slots, texts, rng)
        if closer:
            texts.append(closer)
            count += words_in(closer)
    texts = introduce(texts, slots)

    blocks = [paragraph(texts[0])]
    if qa_blocks:
        notes, background = texts[1 : 1 + len(body)], texts[1 + len(body) :]
        blocks += (
            [paragraph(text) for text in notes]
            + qa_blocks
            + [paragraph(text) for text in background]
        )
    else:
        headings = list(EXPLAINER_HEADINGS if kind == "explainer" else desk.headings)
        if kind != "explainer":
            rng.shuffle(headings)
        every = 3 if kind == "explainer" else rng.randint(4, 6)
        headings = headings[: (3 if kind == "explainer" else rng.randint(1, 3))]
        for position, text in enumerate(texts[1:], start=1):
            if count > 520 and position % every == 0 and headings and position < len(texts) - 2:
                heading = fill(headings.pop(0), slots)
                blocks.append(block("heading", {"text": typeset(heading), "level": "h2"}))
                count += words_in(heading)
            blocks.append(paragraph(text))

    interview = bool(qa_blocks)  # never split a question from its answer
    if count > 420 and not interview and rng.random() < 0.6:
        quote = _pull_quote(texts[1:], slots) or _desk_pull_quote(desk, texts, slots)
        if quote:
            blocks.insert(
                min(len(blocks), rng.randint(3, 5)),
                block("pull_quote", {"quote": typeset(quote[0]), "attribution": quote[1]}),
            )
            count += words_in(quote[0])
    if images and rng.random() < 0.35:
        image_id = rng.choice(list(images))
        blocks.insert(
            len(blocks) if interview else min(len(blocks), rng.randint(4, 7)),
            block("image", {"image": image_id, "caption": "", "credit": ""}),
        )
    if related and rng.random() < 0.45:
        label = rng.choice(RELATED_LABELS)
        blocks.insert(
            len(blocks) if interview else max(1, len(blocks) - rng.randint(2, 4)),
            block("related_article", {"article": rng.choice(list(related)), "label": label}),
        )

    tags = list(dict.fromkeys(story.tags))
    extra_tags = [tag for tag in desk.tags if tag not in tags]
    rng.shuffle(extra_tags)
    while len(tags) < 3 and extra_tags:
        tags.append(extra_tags.pop())
    if len(tags) < 5 and extra_tags and rng.random() < 0.4:
        tags.append(extra_tags.pop())
    tags = [tag for tag in tags if tag in TAGS][:5]

    return Draft(
        desk=desk.slug,
        title=typeset(title),
        standfirst=typeset(standfirst),
        kind=kind,
        tags=tags,
        blocks=blocks,
        suits=(desk.slug, *story.tags),
        words=count,
        places={key: slots[key] for key in ("city", "front_town", "village", "port")},
    )
