from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.search import index


class CustomImage(AbstractImage):
    """A newsroom photo: alt text for screen readers, a caption and a credit line."""

    # Wagtail's `description` is what `{% image %}` uses as alt text; we name it so.
    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "Describe the picture for readers who cannot see it. Leave empty if purely decorative."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the photo wherever it is used, unless the page overrides it."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_('Photographer and agency, e.g. "Oksana Riva/Meridian Ledger".'),
    )

    admin_form_fields = (
        *Image.admin_form_fields[:3],
        "caption",
        "credit",
        *Image.admin_form_fields[3:],
    )

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.SearchField("credit"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
