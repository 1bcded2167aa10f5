"""Words a patient reads on their orders page that are written elsewhere in plain English
(the refill gate's reasons in clinical/refills.py, which may not import Django; the labels
of pharmacy/models.py's choices) and translated where they are shown: listed here so that
make-messages gathers them into pharmacy's catalogue. pharmacy/tests/test_spanish.py checks
that every reason the gate can give has its Spanish."""

from django.utils.translation import gettext_noop

# clinical.refills.RefillRefusal.plain, each whole.
REFILL_REFUSALS = (
    gettext_noop(
        "You have no active prescription to refill. Your clinician can review your treatment."
    ),
    gettext_noop(
        "This prescription is more than 6 months old, so by law it cannot be refilled. "
        "Your clinician can review your treatment and write a new one."
    ),
    gettext_noop(
        "There are no refills left on this prescription. Your clinician can review your "
        "treatment and write a new one."
    ),
    gettext_noop("Your subscription is not active. Once it is up to date, you can ask again."),
    gettext_noop(
        "Please complete a check-in first. We need one from the last 14 days before a refill."
    ),
    gettext_noop(
        "A check-in you were due to complete is overdue, so refills are on hold. "
        "Please complete it; then you can ask again."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You had a serious reaction or a very high "
        "blood pressure. Your clinician will talk with you before any more doses, "
        "prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You told us about thoughts of ending your "
        "life or hurting yourself. Your clinician will talk with you before any more doses, "
        "prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You reported bladder symptoms. Ketamine can "
        "irritate the bladder, so your clinician will talk with you before any more doses, "
        "prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "It is too early to ask: a refill can be asked for once you have taken at least half "
        "of the medicine delivered."
    ),
    gettext_noop("There is no refill request waiting for an answer."),
)

# pharmacy.models: FillKind, ShipmentStatus and RefillStatus labels.
CHOICES = (
    gettext_noop("Original"),
    gettext_noop("Refill"),
    gettext_noop("Shipped"),
    gettext_noop("Out for delivery"),
    gettext_noop("Delivered"),
    gettext_noop("Delivery attempt failed"),
    gettext_noop("Returned to the pharmacy"),
    gettext_noop("Refused"),
    gettext_noop("Waiting for the clinician"),
    gettext_noop("Approved"),
    gettext_noop("Declined"),
)
