"""The send page of an issue in the admin: preview, test, send now or schedule, live
progress, pause/resume/cancel, and any recipient's record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rendering, sending
from .models import Delivery, Issue, Suppression, email_hash


def _issue(request, pk):
    if not request.user.has_perm("newsletters.change_issue"):
        raise PermissionDenied
    return get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)


def send_page(request, pk):
    issue = _issue(request, pk)
    lookup = request.GET.get("email", "").strip().lower()
    record = None
    if lookup:
        record = {
            "deliveries": list(Delivery.objects.filter(issue=issue, email=lookup)[:1]),
            "suppression": Suppression.objects.filter(email_hash=email_hash(lookup)).first(),
        }
    return TemplateResponse(
        request,
        "newsletters/admin/send_page.html",
        {
            "issue": issue,
            "progress": sending.progress(issue),
            "lookup": lookup,
            "record": record,
            "live": issue.status == Issue.Status.SENDING,
        },
    )


def progress_json(request, pk):
    issue = _issue(request, pk)
    data = sending.progress(issue)
    return JsonResponse({"status": issue.status, **data})


def preview(request, pk):
    issue = _issue(request, pk)
    text, html = rendering.render_issue(issue)
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@require_POST
def action(request, pk, name):
    issue = _issue(request, pk)
    try:
        if name == "test":
            sending.do_send_test(issue.pk, request.user.email)
            messages.success(request, _("A test copy is on its way to %s.") % request.user.email)
        elif name == "send":
            if sending.do_start_send(issue.pk):
                messages.success(request, _("Sending has started."))
        elif name == "schedule":
            when = parse_datetime(request.POST.get("when", ""))
            if when is None:
                messages.error(request, _("Enter a date and time to send at."))
            else:
                if timezone.is_naive(when):
                    when = timezone.make_aware(when)
                sending.do_schedule(issue.pk, when)
                messages.success(request, _("Scheduled."))
        elif name == "pause":
            sending.do_pause(issue.pk, _("Paused by %s.") % request.user)
        elif name == "resume":
            sending.do_resume(issue.pk)
        elif name == "cancel":
            sending.do_cancel(issue.pk)
    except sending.SendError as error:
        messages.error(request, str(error))
    return redirect("newsletters_issue_send", pk=issue.pk)
