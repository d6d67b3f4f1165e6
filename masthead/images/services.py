"""Creating images from bytes (the Admin API's uploads and URL fetches, importers)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .models import CustomImage

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def too_large():
    return ValidationError(
        _("The image is larger than %(mb)s MB.")
        % {"mb": round(settings.API_IMAGE_MAX_BYTES / 1024 / 1024, 1)},
        code="too_large",
    )


def check_image_bytes(data):
    """The Pillow format name of `data` if it is an allowed image within the size limit,
    judged by content, never by the name or the declared type; else ValidationError."""
    if len(data) > settings.API_IMAGE_MAX_BYTES:
        raise too_large()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image."), code="not_an_image") from None
    if image_format not in settings.API_IMAGE_TYPES:
        raise ValidationError(
            _("%(format)s images are not accepted; use one of: %(types)s.")
            % {"format": image_format, "types": ", ".join(settings.API_IMAGE_TYPES)},
            code="image_type",
        )
    return image_format


@transaction.atomic
def do_create_image(*, data, name, title, user=None, description="", caption="", credit=""):
    """Store a checked image in the root collection and return it."""
    image_format = check_image_bytes(data)
    stem = (name or "image").rsplit(".", 1)[0][:60] or "image"
    image = CustomImage(
        title=title or stem,
        description=description,
        caption=caption,
        credit=credit,
        uploaded_by_user=user,
    )
    image.file = ImageFile(
        io.BytesIO(data), name=f"{stem}.{EXTENSIONS.get(image_format, image_format.lower())}"
    )
    image._set_image_file_metadata()
    image.full_clean(exclude=["file", "collection", "focal_point_x", "focal_point_y"])
    image.save()
    return image
