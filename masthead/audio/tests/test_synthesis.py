"""Real synthesis, on a sentence or two: Piper (the default), espeak-ng, the MP3 file."""

import shutil

import miniaudio
import pytest
from django.core.files.storage import default_storage
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from masthead.audio import services
from masthead.audio.engines import (
    EspeakEngine,
    PiperEngine,
    get_engine,
    installed_piper_voices,
)

from .engines import FakeHostedEngine, ToneEngine

pytestmark = pytest.mark.django_db


def decode(name):
    with default_storage.open(name, "rb") as file:
        data = file.read()
    return miniaudio.decode(data, nchannels=1, sample_rate=16000)


def test_the_voice_comes_from_an_installed_package():
    voices = installed_piper_voices()
    model, config = voices["en_US-joe-medium"]
    assert model.name == "en_US-joe-medium.onnx" and model.exists()
    assert config.name == "en_US-joe-medium.onnx.json" and config.exists()
    assert "site-packages" in str(model)
    assert get_engine().name == "piper"


def test_piper_narrates_a_sentence_into_a_tagged_64_kbps_mono_mp3(desk):
    page = desk.article(publish=False)
    engine = PiperEngine()
    paragraphs = ["The council met on Tuesday.", "It voted to rebuild the bridge."]

    result = services.synthesize_to_storage(
        page, paragraphs, engine=engine, voice="en_US-joe-medium"
    )

    assert 2.0 < result["duration"] < 6.0, result  # varies slightly from run to run
    with default_storage.open(result["name"], "rb") as file:
        info = MP3(file).info
    assert info.bitrate == 64000 and info.channels == 1
    assert abs(info.length - result["duration"]) < 0.5
    decoded = decode(result["name"])
    assert abs(decoded.duration - result["duration"]) < 0.5
    peak = max(abs(s) for s in decoded.samples)
    assert peak > 3000  # speech, not silence
    with default_storage.open(result["name"], "rb") as file:
        tags = ID3(file)
    assert str(tags["TIT2"]) == page.title
    assert str(tags["TPE1"]) == str(tags["TALB"]) == "The Meridian Ledger"
    apic = tags.getall("APIC")[0]
    assert apic.mime == "image/png" and apic.data[:4] == b"\x89PNG"  # the podcast artwork
    assert result["size"] == default_storage.size(result["name"])


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_fallback_narrates(desk):
    page = desk.article(publish=False)

    result = services.synthesize_to_storage(
        page, ["Hello from the newsroom."], engine=EspeakEngine(), voice="en-us"
    )

    assert 0.8 < result["duration"] < 4.0
    assert decode(result["name"]).duration > 0.8


def test_espeak_says_it_is_unavailable_without_its_binary(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert EspeakEngine().is_available() is False


def test_a_hosted_provider_plugs_in_through_the_adapter(desk):
    page = desk.article(publish=False)

    result = services.synthesize_to_storage(
        page, ["one two three four"], engine=FakeHostedEngine(), voice="narrator"
    )

    assert result["engine"] == "fake-hosted"
    assert result["duration"] == pytest.approx(1.0, abs=0.01)


def test_long_articles_are_synthesised_in_bounded_chunks(desk, settings):
    settings.NARRATION_CHUNK_CHARS = 200
    ToneEngine.calls = []
    page = desk.article(publish=False)
    paragraphs = [f"Paragraph {i} says something about the bridge and the vote." for i in range(40)]

    result = services.synthesize_to_storage(page, paragraphs, engine=ToneEngine(), voice="tone-a")

    assert len(ToneEngine.calls) > 10
    assert max(len(chunk) for chunk in ToneEngine.calls) <= 200
    spoken = sum(len(chunk) for chunk in ToneEngine.calls) * 0.02
    pauses = (len(ToneEngine.calls) - 1) * services.PARAGRAPH_PAUSE
    assert result["duration"] == pytest.approx(spoken + pauses, abs=0.05)


def test_the_normaliser_fixes_what_piper_would_misread():
    """What espeak-ng (Piper's phonemiser) says, before and after normalising."""
    from masthead.audio.text import normalise

    voice = PiperEngine().load("en_US-joe-medium")

    def said(words):
        return " ".join("".join(sentence) for sentence in voice.phonemize(words))

    assert said("$1.5bn") == "dˈɑːlɚ wˈʌn pɔɪnt fˈaɪv bˌiːʲˈɛn"  # "dollar one point five b n"
    assert said(normalise("$1.5bn")) == "wˈʌn pɔɪnt fˈaɪv bˈɪliən dˈɑːlɚz"
    assert said("12,000") == "twˈɛlv θˈaʊzənd"  # read right without help
    assert said("10 km") != said(normalise("10 km"))  # "k m" becomes "kilometres"
