"""Background work for the patient record: emails that say only "sign in to see"."""

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from credentials.models import Licence
from foundation.notices import in_language_of, language_of, send_notice, site_link
from patients.models import Message


@task()
def send_new_message_notice(message_id: int) -> int:
    """Tell the other side of a thread that a message is waiting, without its content."""
    message = Message.objects.select_related("thread__patient__user").filter(pk=message_id).first()
    if message is None:
        return 0
    thread = message.thread
    if not message.from_patient:
        patient = thread.patient.user
        with in_language_of(patient):
            return send_notice(
                [patient.email],
                _("You have a new message"),
                _("You have a new message from your care team.")
                + "\n\n"
                + _("Sign in to read it:")
                + " "
                + site_link(reverse("patients:messages")),
                language=language_of(patient),
            )
    staff = Q(role_grants__role=Role.COORDINATOR)
    if thread.is_clinical:
        licensed = Licence.objects.filter(
            state=thread.patient.state, expires_on__gt=timezone.localdate()
        ).values("clinician_id")
        staff |= Q(role_grants__role=Role.CLINICIAN, pk__in=licensed)
    recipients = (
        User.objects.filter(staff, is_active=True).distinct().values_list("email", flat=True)
    )
    return send_notice(
        list(recipients),
        "A patient has sent a new message",
        "A patient has sent a new message to the care team.\n\nSign in to read it: "
        + site_link(reverse("patients:messages")),
    )


@task()
def send_id_asked_again_notice(user_id: int) -> int:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    with in_language_of(user):
        return send_notice(
            [user.email],
            _("Please upload your photo ID again"),
            _(
                "We could not check the photo ID you sent us, and need you to upload it again. "
                "Sign in to see why and to upload a new photo:"
            )
            + " "
            + site_link(reverse("patients:identity")),
            language=language_of(user),
        )
