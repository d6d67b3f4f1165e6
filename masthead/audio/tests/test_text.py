"""What the voice says: normalising, the lexicon, what is read and how it is cut."""

import pytest
from wagtail.rich_text import RichText

from masthead.articles.models import ArticlePage
from masthead.audio import text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("It cost $1.5bn.", "It cost 1.5 billion dollars."),
        ("Aid of €20m arrived.", "Aid of 20 million euros arrived."),
        ("A £1 coin.", "A 1 pound coin."),
        ("About 12,000 people", "About twelve thousand people"),
        ("1,250,000 votes", "one million two hundred and fifty thousand votes"),
        ("The sirens at 3 a.m. on Sunday", "The sirens at 3 AM on Sunday"),
        ("It began at 3 a.m. Residents fled.", "It began at 3 AM. Residents fled."),
        ("at 11:30pm", "at 11:30 PM"),
        ("On Nov. 5 and Sept. 12", "On November 5 and September 12"),
        ("Turnout rose 7%.", "Turnout rose 7 percent."),
        ("a 10 km march at 60 km/h", "a 10 kilometres march at 60 kilometres per hour"),
        (
            "cities, e.g. Kharkiv, i.e. the east, etc.",
            "cities, for example Kharkiv, that is the east, etcetera",
        ),
        ("Mr. Smith met Dr. Jones", "Mister Smith met Doctor Jones"),
        ("the U.S. and the U.N.", "the US and the UN"),
        ("in 2019-2022", "in 2019 to 2022"),
        ("Salt &amp; pepper", "Salt and pepper"),
    ],
)
def test_normalise(written, spoken):
    assert text.normalise(written) == spoken


def test_years_and_plain_numbers_are_left_to_the_voice():
    # espeak-ng reads "1991" as "nineteen ninety-one" and "40" as "forty" by itself.
    assert text.normalise("In 1991, 40 of them") == "In 1991, 40 of them"


def test_number_to_words():
    assert text.number_to_words(0) == "zero"
    assert text.number_to_words(21) == "twenty-one"
    assert text.number_to_words(105) == "one hundred and five"
    assert text.number_to_words(12_000) == "twelve thousand"
    assert text.number_to_words(2_000_005) == "two million and five"


def test_lexicon_replaces_whole_words_in_any_case():
    lexicon = text.Lexicon([("Kyiv", "keev"), ("UNESCO", "you-NESS-co")])

    assert lexicon.apply("Kyiv and KYIV, kyiv's") == "keev and keev, keev's"
    assert lexicon.apply("Kyivstar unescorted") == "Kyivstar unescorted"
    assert lexicon.apply("Unesco said") == "you-NESS-co said"


def test_empty_lexicon_changes_nothing():
    assert text.Lexicon().apply("Kyiv") == "Kyiv"


@pytest.mark.django_db
def test_article_parts_read_headline_byline_standfirst_then_body():
    page = ArticlePage(
        title="Storm hits the port",
        standfirst="Residents describe a long night.",
        body=[
            ("heading", {"text": "The night", "level": "h2"}),
            ("paragraph", RichText("<p>Waves broke the <b>sea wall</b>.</p>")),
            ("pull_quote", {"quote": "broke the sea wall", "attribution": "x"}),
            ("pull_quote", {"quote": "We will rebuild", "attribution": "Mayor"}),
            ("embed", {"embed": None, "caption": "A video caption"}),
            ("paragraph", RichText("<ul><li>One</li><li>Two</li></ul>")),
        ],
    )

    parts = text.article_parts(page, ["Olena Kovalenko", "Ihor Savchenko"])

    assert parts == [
        "Storm hits the port.",
        "By Olena Kovalenko and Ihor Savchenko.",
        "Residents describe a long night.",
        "The night.",
        "Waves broke the sea wall.",
        "We will rebuild.",
        "One.",
        "Two.",
    ]


def test_hash_changes_with_text_voice_and_engine():
    base = text.text_hash(["Hello."], engine="piper", voice="a")
    assert base == text.text_hash(["Hello."], engine="piper", voice="a")
    assert base != text.text_hash(["Hello!"], engine="piper", voice="a")
    assert base != text.text_hash(["Hello."], engine="piper", voice="b")
    assert base != text.text_hash(["Hello."], engine="espeak", voice="a")


def test_chunks_group_paragraphs_and_cut_long_ones_at_sentences():
    paragraphs = ["Short one.", "Short two.", "A" * 50 + ". " + "B" * 50 + ". " + "C" * 50 + "."]

    chunks = list(text.chunks(paragraphs, max_chars=120))

    assert chunks[0] == "Short one. Short two."
    assert all(len(c) <= 120 for c in chunks)
    assert "".join(chunks).replace(" ", "") == "".join(paragraphs).replace(" ", "")


def test_chunks_cut_a_sentence_longer_than_a_chunk_at_spaces():
    chunks = list(text.chunks(["word " * 100], max_chars=60))
    assert all(len(c) <= 60 for c in chunks)
    assert sum(c.count("word") for c in chunks) == 100


def test_very_long_sentences_are_cut_at_clause_breaks():
    long = "Residents said the water rose quickly, " * 12 + "and then it fell."
    short = "The bridge reopened."

    bounded = text.bound_sentences(f"{short} {long}", max_chars=120)

    sentences = [s for s in bounded.split(". ") if s]
    assert sentences[0] == "The bridge reopened"
    assert all(len(s) <= 121 for s in sentences)
    assert bounded.replace(".", ",").count("water rose") == 12
    assert text.bound_sentences(short) == short
