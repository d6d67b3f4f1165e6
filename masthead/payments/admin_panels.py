"""The member page's payments and events (members.panels), and the data export."""

from django.template.loader import render_to_string

from .models import Payment, StripeEvent


def member_panel(membership):
    payments = Payment.objects.filter(user_id=membership.user_id)[:50]
    events = StripeEvent.objects.filter(user_id=membership.user_id).only(
        "stripe_id", "type", "status", "created", "handler_error"
    )[:50]
    return render_to_string(
        "payments/admin/member_panel.html", {"payments": payments, "events": events}
    )


def reader_data(user):
    return {
        "payments": [
            {
                "amount": payment.amount,
                "currency": payment.currency,
                "status": payment.status,
                "paid_at": payment.paid_at.isoformat(),
                "amount_refunded": payment.amount_refunded,
            }
            for payment in Payment.objects.filter(user=user)
        ]
    }
