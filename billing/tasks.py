"""Billing emails: that something needs attention, never what the plan pays for."""

from django.tasks import task
from django.urls import reverse

from accounts.models import User
from foundation.notices import send_notice, site_link


@task()
def send_payment_failed_notice(user_id: int) -> int:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return send_notice(
        [user.email],
        "We could not take your payment",
        "Your latest payment to ketaclinic did not go through. Please sign in and update "
        "your payment details: " + site_link(reverse("billing:plan")),
    )
