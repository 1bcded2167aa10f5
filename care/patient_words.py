"""Words a patient reads on the booking pages that are written elsewhere in plain English
(care/consults.py's blockers and refusals, care/models.py's visit statuses,
care/times.py's zone names) and translated where they are shown: listed here so that
make-messages gathers them into care's catalogue."""

from django.utils.translation import gettext_noop

# care.consults.check_can_book: what stands between the patient and booking.
BLOCKERS = (
    gettext_noop(
        "Complete your profile: we need your address to know which clinicians can see you."
    ),
    gettext_noop("Complete your profile"),
    gettext_noop("Read and sign the consent documents."),
    gettext_noop("Sign the consent documents"),
    gettext_noop("Upload a photo of your ID."),
    gettext_noop("Upload your photo ID"),
)

# care.consults.BookingRefused, as a patient meets them booking, moving or cancelling.
REFUSALS = (
    gettext_noop("Choose a time from the list."),
    gettext_noop("That time is no longer free. Please choose another one."),
    gettext_noop("Someone booked that time a moment ago. Please choose another one."),
    gettext_noop(
        "You already have a visit booked. Move that one instead if the time does not suit."
    ),
    gettext_noop("This visit is no longer booked, so it cannot be moved."),
    gettext_noop(
        "Visits can be moved up to 24 hours before they start. To change this one, "
        "please message the care team."
    ),
    gettext_noop("This visit is already cancelled or over."),
    gettext_noop(
        "Visits can be cancelled online up to 24 hours before they start. To cancel "
        "this one, please message the care team."
    ),
)

# care.models.ConsultStatus's labels.
STATUSES = (
    gettext_noop("Booked"),
    gettext_noop("Cancelled"),
    gettext_noop("Completed"),
    gettext_noop("Missed"),
)

# care.times.zone_name.
ZONES = (
    gettext_noop("Eastern time"),
    gettext_noop("Central time"),
)
