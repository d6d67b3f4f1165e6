import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task
from wagtail.contrib.forms.models import FormSubmission

logger = logging.getLogger(__name__)


@task()
def email_form_submission_task(submission_id):
    """Email one stored reader submission to the editors. Safe to run twice
    (the worst case is a second copy of the same message to the editors)."""
    from masthead.core.models import SiteSettings

    submission = FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return
    page = submission.page.specific
    site = page.get_site()
    site_settings = SiteSettings.for_site(site) if site else None
    to = [a.strip() for a in (page.to_address or "").split(",") if a.strip()]
    if not to:
        to = [(site_settings and site_settings.editors_email) or settings.EDITORS_EMAIL]
    labels = dict(page.get_data_fields())
    lines = [
        f"{labels.get(name, name)}: {value}"
        for name, value in submission.get_data().items()
        if name != "submit_time"
    ]
    lines.append(f"\nReceived: {submission.submit_time:%Y-%m-%d %H:%M %Z}")
    reply_to = [v for k, v in submission.form_data.items() if k == "email" and v]
    EmailMessage(
        subject=page.subject or f"[{page.title}] new submission",
        body="\n".join(lines),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    ).send()
    logger.info("emailed submission %s of form %s to %s", submission.pk, page.pk, to)
