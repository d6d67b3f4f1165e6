"""The words a narration speaks: what is read, how numbers and abbreviations are said,
the editors' pronunciations, and how a long article is cut into chunks.

Everything here is pure text in, text out, so it is tested without a voice.
"""

import hashlib
import html
import re

from django.utils.html import strip_tags

# --- Numbers -------------------------------------------------------------------

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")]


def number_to_words(n):
    """0 ≤ n < 10**15 as English words: 12000 → 'twelve thousand'."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_to_words(rest)}" if rest else "")
    for value, name in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            words = f"{number_to_words(high)} {name}"
            if rest:
                words += (" and " if rest < 100 else " ") + number_to_words(rest)
            return words
    raise ValueError(n)


def _spoken_number(text):
    """'12,000' → 'twelve thousand'; '1.5' → 'one point five'; '007' stays digits."""
    text = text.replace(",", "")
    whole, _, fraction = text.partition(".")
    if not whole.isdigit() or len(whole) > 15:
        return text
    words = number_to_words(int(whole))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return words


_CURRENCIES = {
    "$": ("dollar", "dollars"),
    "US$": ("dollar", "dollars"),
    "£": ("pound", "pounds"),
    "€": ("euro", "euros"),
    "₴": ("hryvnia", "hryvnias"),
    "¥": ("yen", "yen"),
}
_MAGNITUDES = {
    "k": "thousand",
    "thousand": "thousand",
    "m": "million",
    "mn": "million",
    "million": "million",
    "bn": "billion",
    "b": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY_RE = re.compile(
    r"(?P<sym>US\$|[$£€₴¥])\s?(?P<num>" + _NUMBER + r")"
    r"(?:\s?(?P<mag>thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b)?"
)


def _currency(match):
    singular, plural = _CURRENCIES[match["sym"]]
    number = match["num"]
    magnitude = _MAGNITUDES.get((match["mag"] or "").lower(), "")
    amount = _spoken_number(number) if "," in number else number
    unit = singular if number == "1" and not magnitude else plural
    return " ".join(part for part in (amount, magnitude, unit) if part)


_MONTHS = {
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}
_UNITS = {
    "km/h": "kilometres per hour",
    "km²": "square kilometres",
    "km": "kilometres",
    "kg": "kilograms",
    "cm": "centimetres",
    "mm": "millimetres",
    "mph": "miles per hour",
    "kW": "kilowatts",
    "MW": "megawatts",
    "GW": "gigawatts",
    "kWh": "kilowatt hours",
    "°C": "degrees Celsius",
    "°F": "degrees Fahrenheit",
}
# Whole-word abbreviations; their full stops would otherwise end a sentence mid-way.
_ABBREVIATIONS = [
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\betc\.", "etcetera"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bapprox\.", "approximately"),
    (r"\bMr\.", "Mister"),
    (r"\bMrs\.", "Missus"),
    (r"\bMs\.", "Ms"),
    (r"\bDr\.", "Doctor"),
    (r"\bProf\.", "Professor"),
    (r"\bGen\.", "General"),
    (r"\bLt\.", "Lieutenant"),
    (r"\bCol\.", "Colonel"),
    (r"\bSgt\.", "Sergeant"),
    (r"\bGov\.", "Governor"),
    (r"\bSen\.", "Senator"),
    (r"\bRep\.", "Representative"),
    (r"\bNo\.(?=\s?\d)", "number"),
    (r"\bU\.S\.A\.", "USA"),
    (r"\bU\.S\.", "US"),
    (r"\bU\.K\.", "UK"),
    (r"\bU\.N\.", "UN"),
    (r"\bE\.U\.", "EU"),
]
_ABBREVIATION_RES = [(re.compile(p), r) for p, r in _ABBREVIATIONS]
_TIME_RE = re.compile(
    r"\b(?P<time>\d{1,2}(?::\d{2})?)\s?(?P<ampm>[apAP])\.?\s?[mM]\b(?P<dot>\.)?(?P<end>\s+[A-Z]|\s*$)?"
)
_MONTH_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\.(?=\s)")
_UNIT_RE = re.compile(
    r"(?<=\d)\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?!\w)"
)
_PERCENT_RE = re.compile(r"(?<=\d)\s?(%|per cent\b)")
_GROUPED_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]*\d)")
_RANGE_RE = re.compile(r"(?<=\d)[–-](?=\d)")


def _time(match):
    label = f"{match['time']} {match['ampm'].upper()}M"
    end = match["end"]
    if end is None:
        return label + " "
    if not match["dot"]:
        return label + end
    # "at 3 a.m. Residents…": the full stop also ended the sentence.
    return label + ("." if end.strip() == "" else "." + end)


def normalise(text):
    """Say numbers, money, times, dates, units and abbreviations the way a reader would.

    Piper speaks through espeak-ng, which reads plain and comma-grouped numbers and
    years well but says "$1.5bn" as "dollar one point five b n", stops a sentence at
    "Nov." or "e.g.", and spells out "km". We fix what it gets wrong, and no more.
    """
    text = html.unescape(text).replace("\u00a0", " ")
    for pattern, replacement in _ABBREVIATION_RES:
        text = pattern.sub(replacement, text)
    text = _CURRENCY_RE.sub(_currency, text)
    text = _TIME_RE.sub(_time, text)
    text = _MONTH_RE.sub(lambda m: _MONTHS[m[1]], text)
    text = _PERCENT_RE.sub(" percent", text)
    text = _UNIT_RE.sub(lambda m: " " + _UNITS[m[1]], text)
    text = _GROUPED_RE.sub(lambda m: _spoken_number(m[0]), text)
    text = _RANGE_RE.sub(" to ", text)
    text = text.replace("&", " and ").replace("—", ", ").replace("–", ", ")
    return re.sub(r"\s+", " ", text).strip()


# --- Lexicon -------------------------------------------------------------------


class Lexicon:
    """Editors' respellings: whole words, any case, applied after normalising."""

    def __init__(self, entries=()):
        self.entries = {word.lower(): spoken for word, spoken in entries if word.strip()}
        if self.entries:
            alternatives = "|".join(
                re.escape(w) for w in sorted(self.entries, key=len, reverse=True)
            )
            self.pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)
        else:
            self.pattern = None

    def apply(self, text):
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.entries[m[1].lower()], text)

    def signature(self):
        return "|".join(f"{w}={s}" for w, s in sorted(self.entries.items()))


# --- What is read --------------------------------------------------------------


def _plain(value):
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value))).strip()


def _block_text(html_source):
    """Rich text as plain text, with list items and paragraphs as separate lines."""
    source = re.sub(r"</(p|li|h\d)>", "\n", html_source)
    return [line for line in (_plain(part) for part in source.split("\n")) if line]


def article_parts(page, author_names):
    """The article as it is read aloud, before normalising: headline, byline, standfirst,
    then headings and paragraphs. Captions, embeds, images, related-article cards and
    pull quotes repeating the body are left out."""
    parts = [page.title.strip()]
    if author_names:
        names = list(author_names)
        byline = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"By {byline}.")
    if page.standfirst:
        parts.append(page.standfirst.strip())
    body, quotes = [], []
    for block in page.body or []:
        if block.block_type == "paragraph":
            body.extend(_block_text(block.value.source))
        elif block.block_type == "heading":
            body.append(block.value["text"].strip())
        elif block.block_type == "pull_quote":
            quotes.append((len(body), block.value["quote"].strip()))
    body_text = _squash(" ".join(body))
    inserted = 0
    for position, quote in quotes:
        if quote and _squash(quote) not in body_text:
            body.insert(position + inserted, quote)
            inserted += 1
    parts.extend(body)
    return [_ensure_stop(p) for p in parts if p]


def _squash(text):
    return re.sub(r"[\W_]+", " ", text).lower().strip()


def _ensure_stop(text):
    # A heading or headline without a full stop would run into the next sentence.
    return text if text[-1] in ".!?…:;\"'”’)" else text + "."


def prepare(parts, lexicon=None):
    """Normalised, respelled paragraphs ready for an engine."""
    lexicon = lexicon or Lexicon()
    return [lexicon.apply(normalise(part)) for part in parts]


def text_hash(paragraphs, *, engine, voice):
    digest = hashlib.sha256(f"{engine}\n{voice}\n".encode())
    for paragraph in paragraphs:
        digest.update(paragraph.encode())
        digest.update(b"\n")
    return digest.hexdigest()


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘(A-Z0-9])")


def chunks(paragraphs, max_chars=1200):
    """Group paragraphs into chunks of at most `max_chars` (a longer paragraph is cut at
    sentence ends), so synthesis holds one chunk's audio in memory at a time."""
    current, size = [], 0
    for paragraph in paragraphs:
        pieces = [paragraph] if len(paragraph) <= max_chars else _split(paragraph, max_chars)
        for piece in pieces:
            if current and size + len(piece) + 1 > max_chars:
                yield " ".join(current)
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
        # A paragraph break is a natural place to cut; keep groups of short ones together.
    if current:
        yield " ".join(current)


_CLAUSE_BREAK = re.compile(r"[,;:]\s+")


def bound_sentences(text, max_chars=180):
    """Cut sentences longer than `max_chars` at a clause break (a comma, semicolon or
    colon near the middle) into shorter sentences. A neural voice's memory grows with the
    length of the sentence it speaks (about 100 MB per six seconds with Piper), so this
    bounds a narration's memory whatever the writing style."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        out.extend(_halve(sentence, max_chars))
    return " ".join(out)


def _halve(sentence, max_chars):
    if len(sentence) <= max_chars:
        return [sentence]
    middle = len(sentence) // 2
    breaks = [m for m in _CLAUSE_BREAK.finditer(sentence) if 20 < m.start() < len(sentence) - 20]
    if not breaks:
        return [sentence]
    cut = min(breaks, key=lambda m: abs(m.start() - middle))
    first = sentence[: cut.start()].rstrip() + "."
    rest = sentence[cut.end() :]
    rest = rest[:1].upper() + rest[1:]
    return _halve(first, max_chars) + _halve(rest, max_chars)


def _split(paragraph, max_chars):
    pieces, current = [], ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > max_chars:  # one enormous sentence: cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + 1 + len(sentence) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces
