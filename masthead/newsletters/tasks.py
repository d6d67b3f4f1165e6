"""Background work. Every task takes ids, re-reads its rows and is safe to run twice."""

from django_tasks import task


@task()
def send_confirmation_task(subscriber_id, newsletter_ids):
    """The double opt-in email. Run twice, it sends twice: enqueued once per counted
    confirmation (services._take_confirmation_slot caps them)."""
    from . import notifications

    notifications.send_confirmation(subscriber_id, newsletter_ids)


@task()
def send_welcome_task(subscription_id):
    """A list's welcome email, only while the subscription is confirmed."""
    from . import notifications

    notifications.send_welcome(subscription_id)


@task()
def start_send_task(issue_id):
    """Freeze the audience of a send, then send it. Safe twice: freezing inserts each
    recipient once (unique per issue and subscriber), sending claims unsent rows only."""
    from . import sending

    sending.freeze_audience(issue_id)
    sending.send_pending(issue_id)


@task()
def send_issue_task(issue_id):
    """Send an issue's unsent deliveries (after a resume, a crash or a retry delay)."""
    from . import sending

    sending.send_pending(issue_id)


@task()
def send_test_task(issue_id, email):
    """A test copy for the editor. Run twice, it sends two test copies (harmless)."""
    from . import sending

    sending.send_test(issue_id, email)


@task()
def import_subscribers_task(import_id):
    """Work through a CSV import from where it stopped. Safe twice: each chunk commits
    with the import's position, and every write is "create if missing"."""
    from . import imports

    imports.run_import(import_id)
