"""Images for tests: small JPEGs drawn in memory with Pillow."""

from io import BytesIO

import factory
from django.core.files.images import ImageFile
from factory.django import DjangoModelFactory
from PIL import Image, ImageDraw

from masthead.images.models import CustomImage


def jpeg_bytes(width=640, height=400, seed=0):
    """A JPEG with some structure (a gradient and a disc) so renditions have work to do."""
    picture = Image.new("RGB", (width, height), ((seed * 37) % 256, (seed * 91) % 256, 128))
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 16):
        draw.line([(x, 0), (x, height)], fill=(x % 256, (x * 3) % 256, 200 - (x % 200)), width=8)
    r = min(width, height) // 4
    draw.ellipse([width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r], fill="white")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def image_file(name="photo.jpg", width=640, height=400, seed=0):
    return ImageFile(BytesIO(jpeg_bytes(width, height, seed)), name=name)


class ImageFactory(DjangoModelFactory):
    """A newsroom photo with alt text, caption and credit."""

    class Meta:
        model = CustomImage

    class Params:
        width = 640
        height = 400

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.Sequence(lambda n: f"A wide street in the rain, photo {n}")
    caption = factory.Sequence(lambda n: f"People cross the square at dusk ({n}).")
    credit = "Contributor/Getty Images"
    file = factory.LazyAttributeSequence(
        lambda o, n: image_file(f"photo-{n}.jpg", o.width, o.height, seed=n)
    )
