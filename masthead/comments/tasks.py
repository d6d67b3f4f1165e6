"""Background work. Every task takes ids, re-reads its rows and is safe to run twice."""

from django_tasks import task


@task()
def notify_task(comment_id):
    """The reply email for a newly visible comment: sent once (the comment's
    `notified_at` is claimed with a conditional UPDATE)."""
    from . import notifications

    notifications.send_reply_notification(comment_id)


@task()
def notify_staff_reply_task(comment_id):
    """The staff-reply emails: once per staff reply (a marker row in the log)."""
    from . import notifications

    notifications.send_staff_reply_notifications(comment_id)
