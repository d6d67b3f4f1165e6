from .models import WebhookEndpoint


def disabled_endpoints():
    return list(WebhookEndpoint.objects.filter(active=False).order_by("-disabled_at", "pk"))
