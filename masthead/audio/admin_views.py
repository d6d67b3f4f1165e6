"""Admin views: one article's narration choices, and the list of narrations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from masthead.articles.models import ArticlePage

from . import services
from .forms import NarrationSettingsForm
from .models import Narration


def narration(request, page_id):
    page = get_object_or_404(ArticlePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    record = Narration.objects.filter(page_id=page.pk).first()
    if request.method == "POST":
        form = NarrationSettingsForm(request.POST)
        if form.is_valid():
            services.do_update_narration_settings(
                page,
                enabled=form.cleaned_data["enabled"],
                voice=form.cleaned_data["voice"],
                regenerate=form.cleaned_data["regenerate"],
            )
            messages.success(request, _("Narration settings saved."))
            return redirect("audio_admin:narration", page.pk)
    else:
        form = NarrationSettingsForm(
            initial={
                "enabled": record.enabled if record else True,
                "voice": record.voice if record else "",
            }
        )
    return TemplateResponse(
        request,
        "audio/admin/narration.html",
        {"page": page, "narration": record, "form": form, "page_title": _("Narration")},
    )


def narrations(request):
    status = request.GET.get("status", "")
    records = Narration.objects.select_related("page").order_by("-requested_at", "-pk")
    if status in Narration.Status.values:
        records = records.filter(status=status)
    page_obj = Paginator(records, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "audio/admin/narrations.html",
        {
            "page_obj": page_obj,
            "status": status,
            "statuses": Narration.Status.choices,
            "page_title": _("Narrations"),
        },
    )
