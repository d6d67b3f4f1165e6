"""The podcast's square artwork (Apple asks for 1400–3000 px), drawn from the outlet's
name with Pillow, stored once through Django's storage."""

import hashlib
import io
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from .models import PodcastArtwork

SIZE = 1400
INK = (250, 247, 240)
PAPER = (24, 31, 46)
ACCENT = (196, 58, 49)


def podcast_artwork(outlet):
    key = hashlib.sha256(f"v1:{outlet}".encode()).hexdigest()
    existing = PodcastArtwork.objects.filter(key=key).first()
    if existing is not None:
        return existing
    data = draw_artwork(outlet)
    artwork = PodcastArtwork(key=key)
    artwork.image.save(f"podcast-{key[:12]}.png", ContentFile(data), save=False)
    artwork.save()
    return artwork


def draw_artwork(outlet):
    image = Image.new("RGB", (SIZE, SIZE), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, SIZE - 120, SIZE, SIZE], fill=ACCENT)
    lines = textwrap.wrap(outlet, width=14) or [outlet]
    font_size = 150 if len(lines) <= 3 else 110
    font = ImageFont.load_default(size=font_size)
    heights = [draw.textbbox((0, 0), line, font=font)[3] for line in lines]
    y = (SIZE - 120 - sum(heights) - 30 * (len(lines) - 1)) // 2
    for line, height in zip(lines, heights, strict=True):
        width = draw.textlength(line, font=font)
        draw.text(((SIZE - width) / 2, y), line, font=font, fill=INK)
        y += height + 30
    small = ImageFont.load_default(size=64)
    label = "Narrated articles"
    draw.text(
        ((SIZE - draw.textlength(label, font=small)) / 2, SIZE - 100), label, font=small, fill=INK
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
