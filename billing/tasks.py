"""Billing emails: that something needs attention, never what the plan pays for."""

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from foundation.notices import in_language_of, language_of, send_notice, site_link


@task()
def send_payment_failed_notice(user_id: int) -> int:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    with in_language_of(user):
        return send_notice(
            [user.email],
            _("We could not take your payment"),
            _(
                "Your latest payment to ketaclinic did not go through. Please sign in and "
                "update your payment details:"
            )
            + " "
            + site_link(reverse("billing:plan")),
            language=language_of(user),
        )
