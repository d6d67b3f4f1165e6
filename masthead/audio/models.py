"""Narrations of articles, the pronunciation lexicon, and the podcast's artwork."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Narration(models.Model):
    """The audio of one article: its state, its file, and the editor's choices for it.

    One row per article, created on first publish. `text_hash` is the hash of the
    spoken text (and voice) the file was made from, so a publish that changes no
    spoken word does not narrate again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        OFF = "off", _("Off")

    page = models.OneToOneField(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="narration"
    )
    enabled = models.BooleanField(
        _("narrate this article"),
        default=True,
        help_text=_("Untick to remove the player and keep this article out of the podcast."),
    )
    voice = models.CharField(
        _("voice"), max_length=100, blank=True, help_text=_("Empty: the newsroom's default.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The hash of the text the current request asks for, and of the one in `audio`.
    requested_hash = models.CharField(max_length=64, blank=True)
    text_hash = models.CharField(max_length=64, blank=True)
    audio = models.FileField(upload_to="audio/%Y/%m/", blank=True, max_length=255)
    duration = models.FloatField(default=0, help_text=_("seconds"))
    size = models.PositiveIntegerField(default=0, help_text=_("bytes"))
    engine = models.CharField(max_length=40, blank=True)
    used_voice = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Stable across re-narrations: the podcast episode's guid.
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The task worker running it (core/workers.py); "" when run outside a db_worker.
    claimed_by = models.CharField(max_length=64, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    narrated_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("narration")
        indexes = [models.Index(fields=["status", "-narrated_at"], name="narration_status_date")]

    def __str__(self):
        return f"Narration of page {self.page_id} ({self.status})"

    @property
    def is_playable(self):
        return self.enabled and bool(self.audio) and self.text_hash != ""

    @property
    def duration_label(self):
        return format_duration(self.duration)

    @property
    def duration_iso(self):
        minutes, seconds = divmod(round(self.duration), 60)
        hours, minutes = divmod(minutes, 60)
        return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{seconds}S"


def format_duration(seconds):
    """'4 min 12 s', '45 s', '1 h 2 min'."""
    seconds = round(seconds or 0)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


class PronunciationEntry(index.Indexed, models.Model):
    """How the voice should say a word: whole word, any case, replaced before synthesis."""

    word = models.CharField(_("word"), max_length=100, unique=True)
    respelling = models.CharField(
        _("say it as"),
        max_length=200,
        help_text=_('Spelled as it sounds, e.g. "Zelensky" → "zeh-LEN-skee".'),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("word"), FieldPanel("respelling"), FieldPanel("note")]
    search_fields = [index.SearchField("word"), index.AutocompleteField("word")]

    class Meta:
        verbose_name = _("pronunciation")
        verbose_name_plural = _("pronunciations")
        ordering = ["word"]

    def __str__(self):
        return f"{self.word} → {self.respelling}"


class PodcastArtwork(models.Model):
    """The square image podcast apps show, generated once per outlet name."""

    key = models.CharField(max_length=64, unique=True)
    image = models.FileField(upload_to="audio/artwork/", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.image.name
