"""Stand-in engines for tests that are about the plumbing, not the voice."""

import math
import struct
import time

from masthead.audio.engines import HostedEngine, NarrationEngine


class ToneEngine(NarrationEngine):
    """A quiet tone, 20 ms per character of text: fast and predictable."""

    name = "tone"
    calls = []

    def voices(self):
        return ["tone-a", "tone-b"]

    def sample_rate(self, voice):
        return 16000

    def synthesize(self, text, voice):
        ToneEngine.calls.append(text)
        samples = int(16000 * 0.02 * len(text))
        pcm = b"".join(
            struct.pack("<h", int(3000 * math.sin(i * 2 * math.pi * 440 / 16000)))
            for i in range(min(samples, 1600))
        )
        repeats, rest = divmod(samples, 1600)
        for _ in range(repeats):
            yield pcm
        yield pcm[: rest * 2]


class BrokenEngine(ToneEngine):
    name = "broken"

    def synthesize(self, text, voice):
        raise RuntimeError("the voice model crashed")


class FakeHostedEngine(HostedEngine):
    """A hosted provider whose HTTP call is replaced: no network in tests."""

    name = "fake-hosted"
    rate = 8000
    voice_names = ("narrator",)

    def request_audio(self, text, voice):
        return b"\x00\x01" * (8000 * len(text.split()) // 4)


class SlowEngine(ToneEngine):
    """The tone, after SLOW_ENGINE_SECONDS (default 30) per chunk: a long narration
    without the CPU of a real voice (masthead/audio/tests/test_queue.py)."""

    name = "slow"

    def synthesize(self, text, voice):
        import os
        import time

        time.sleep(float(os.environ.get("SLOW_ENGINE_SECONDS", "30")))
        yield from super().synthesize(text, voice)


class SlowToneEngine(ToneEngine):
    """The tone, slowly: each chunk waits SLOW_SECONDS (in short sleeps) before its audio,
    so a test can kill the worker running it in the middle of a narration."""

    name = "slow-tone"
    SLOW_SECONDS = 0.4

    def synthesize(self, text, voice):
        for _ in range(4):
            time.sleep(self.SLOW_SECONDS / 4)
        yield from super().synthesize(text, voice)
