"""PCM to MP3 (64 kbps mono by default, through lameenc), streamed to a temporary file,
then tagged with ID3 (title, outlet, artwork) through mutagen."""

import lameenc
from mutagen.id3 import APIC, ID3, TALB, TCON, TIT2, TPE1
from mutagen.mp3 import MP3


class Mp3Writer:
    """Encode PCM chunks as they come; only the encoder's small buffer is in memory.

    `file` is an open binary file the MP3 frames are appended to.
    """

    def __init__(self, file, sample_rate, bitrate=64, quality=5):
        self.sample_rate = sample_rate
        self.samples = 0
        self.encoder = lameenc.Encoder()
        self.encoder.set_bit_rate(bitrate)
        self.encoder.set_in_sample_rate(sample_rate)
        self.encoder.set_channels(1)
        self.encoder.set_quality(quality)  # 2 is best, 7 fastest
        self.file = file

    def write(self, pcm):
        if pcm:
            self.samples += len(pcm) // 2
            self.file.write(self.encoder.encode(pcm))

    def silence(self, seconds):
        self.write(b"\x00\x00" * int(self.sample_rate * seconds))

    def finish(self):
        self.file.write(self.encoder.flush())
        self.file.flush()

    @property
    def duration(self):
        return self.samples / self.sample_rate


def tag(path, *, title, outlet, artwork=None, artwork_mime="image/jpeg"):
    """Write ID3v2 tags into the MP3 at `path`."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text=outlet))
    tags.add(TALB(encoding=3, text=outlet))
    tags.add(TCON(encoding=3, text="Podcast"))
    if artwork:
        tags.add(APIC(encoding=3, mime=artwork_mime, type=3, desc="Cover", data=artwork))
    tags.save(path, v2_version=3)


def read_info(path):
    """(duration in seconds, bitrate in bits per second) of the MP3 at `path`."""
    audio = MP3(path)
    return audio.info.length, audio.info.bitrate
