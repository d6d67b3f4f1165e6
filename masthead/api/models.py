"""API keys for the Admin API and the responses kept for Idempotency-Key replays."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    ARTICLES_WRITE = "articles:write", _("Write articles (create, update, publish, unpublish)")
    IMAGES_WRITE = "images:write", _("Upload images")
    LIVEFEED_WRITE = "livefeed:write", _("Post, update and delete news feed items")
    NEWSLETTERS_SEND = "newsletters:send", _("Send newsletters (reserved, no endpoint yet)")


class ApiKey(models.Model):
    """A credential for the Admin API. Only a SHA-256 of the secret is stored; the whole
    key (`mh_<prefix>_<secret>`) is shown once, when it is created."""

    name = models.CharField(_("name"), max_length=100, help_text=_('e.g. "Wire importer"'))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_secret = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text=_("Writes made with the key are recorded as this person's."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} (mh_{self.prefix}_…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in self.scopes

    def scope_labels(self):
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


class IdempotencyRecord(models.Model):
    """The first response to a create call that carried an Idempotency-Key.

    The row is inserted in the same transaction as the write it guards, so a concurrent
    twin waits on the unique constraint and then replays the committed response."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="unique_idempotency_key")
        ]

    def __str__(self):
        return self.key
