"""Writes for the pages app: reader form submissions."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from masthead.core import ratelimit
from masthead.core.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    pass


def check_and_record_submission(page, form, request):
    """Store a valid reader submission and queue the email to the editors.

    Raises RateLimited (nothing stored) when this address has sent too many.
    """
    ip = ratelimit.client_ip(request)
    if not ratelimit.hit(
        f"form:{page.pk}:{ip}", settings.FORM_RATE_LIMIT, settings.FORM_RATE_WINDOW
    ):
        logger.info("form %s: rate limit reached for %s", page.pk, ip)
        raise RateLimited(
            _(
                "You have sent several messages in a short time. Please wait an hour and try again; your text is kept below."
            )
        )
    return do_record_submission(page, form)


@transaction.atomic
def do_record_submission(page, form):
    from .tasks import email_form_submission_task

    data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
    submission = page.get_submission_class().objects.create(form_data=data, page=page)
    enqueue_on_commit(email_form_submission_task, submission.pk)
    return submission
