# ruff: noqa: E501 (each msgid on one line, as clinical says it)
"""Words ``clinical`` holds that the home page shows a patient (``workspace.today``).

``clinical`` has no Django, so its words are English; the home page translates them where
it shows them (``gettext(value)``), and these copies put their msgids in the catalogue.
tests/test_spanish.py checks they are still the words ``clinical`` says, and translated.
"""

from django.utils.translation import gettext_noop

HOLD_WORDS = (
    gettext_noop(
        "You told us about thoughts of ending your life or hurting yourself. Your clinician will talk with you before any more doses, prescriptions or refills."
    ),
    gettext_noop(
        "You reported bladder symptoms. Ketamine can irritate the bladder, so your clinician will talk with you before any more doses, prescriptions or refills."
    ),
    gettext_noop(
        "You had a serious reaction or a very high blood pressure. Your clinician will talk with you before any more doses, prescriptions or refills."
    ),
)

SESSION_WORDS = (
    gettext_noop(
        "Your last check was less than 15 minutes ago. Rest quietly until 15 minutes have passed, then measure again."
    ),
    gettext_noop(
        "Two checks today did not allow a dose, so there is no dose today. Rest, and try again tomorrow. If this keeps happening, your care team will talk with you."
    ),
    gettext_noop(
        "You have no treatment plan in force, so no dose can be taken. Your care team will contact you."
    ),
    gettext_noop(
        "There is no medicine on hand for you from a current prescription: nothing delivered, or it is used up, or the prescription has ended. You can ask for a refill or message your care team."
    ),
    gettext_noop("Please finish the questions about your last session first."),
)

REFILL_WORDS = (
    gettext_noop(
        "You have no active prescription to refill. Your clinician can review your treatment."
    ),
    gettext_noop(
        "This prescription is more than 6 months old, so by law it cannot be refilled. Your clinician can review your treatment and write a new one."
    ),
    gettext_noop(
        "There are no refills left on this prescription. Your clinician can review your treatment and write a new one."
    ),
    gettext_noop("Your subscription is not active. Once it is up to date, you can ask again."),
    gettext_noop(
        "Please complete a check-in first. We need one from the last 14 days before a refill."
    ),
    gettext_noop(
        "A check-in you were due to complete is overdue, so refills are on hold. Please complete it; then you can ask again."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You had a serious reaction or a very high blood pressure. Your clinician will talk with you before any more doses, prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You told us about thoughts of ending your life or hurting yourself. Your clinician will talk with you before any more doses, prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "Your clinician will talk with you first: You reported bladder symptoms. Ketamine can irritate the bladder, so your clinician will talk with you before any more doses, prescriptions or refills. Until then, refills are on hold."
    ),
    gettext_noop(
        "It is too early to ask: a refill can be asked for once you have taken at least half of the medicine delivered."
    ),
    gettext_noop("There is no refill request waiting for an answer."),
)
