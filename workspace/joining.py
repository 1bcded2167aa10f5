"""The dashboard's "your next steps": each step of joining, with where it stands.

Also moves a candidate to "ready for consult" once account, consents, ID and
subscription are all in place (domain.md, "How a patient moves").
"""

from dataclasses import dataclass

from django.urls import reverse

from billing.standing import subscription_step
from care.consults import check_can_book, upcoming_consult
from care.models import ConsultStatus
from care.times import describe, patient_zone
from patients.actions import latest_identity_document
from patients.consents import REQUIRED_KINDS, has_signed_an_older_version, unsigned_documents
from patients.models import IdentityStatus, Patient, TreatmentMonitor
from patients.text import monitor_guide

DONE, TO_DO, ATTENTION, WAITING = "done", "to_do", "attention", "waiting"
STATE_LABELS = {
    DONE: "Done",
    TO_DO: "To do",
    ATTENTION: "Needs your attention",
    WAITING: "Not yet",
}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: str
    detail: str
    url: str
    action: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def done(self) -> bool:
        return self.state == DONE


def _profile(patient: Patient) -> Step:
    url = reverse("patients:profile")
    if patient.profile_complete:
        return Step("profile", "Your details", DONE, "Name, address and contacts.", url, "Edit")
    return Step(
        "profile",
        "Your details",
        TO_DO,
        "Your legal name, date of birth, phone, shipping address and an emergency contact.",
        url,
        "Add your details",
    )


def _monitor(patient: Patient) -> Step:
    url = reverse("patients:monitor")
    monitor = TreatmentMonitor.objects.filter(patient=patient).first()
    if monitor is None:
        return Step(
            "monitor",
            "Your treatment monitor",
            TO_DO,
            "The adult who will be with you during home sessions, and who reads our guide.",
            url,
            "Name your monitor",
        )
    if monitor.guide_version != monitor_guide()[2]:
        return Step(
            "monitor",
            "Your treatment monitor",
            ATTENTION,
            "We have updated the monitor guide. Ask your monitor to read it again.",
            url,
            "Confirm the new guide",
        )
    return Step(
        "monitor",
        "Your treatment monitor",
        DONE,
        f"{monitor.name} has read the guide.",
        url,
        "Edit",
    )


def _identity(patient: Patient) -> Step:
    url = reverse("patients:identity")
    document = latest_identity_document(patient)
    if document is None:
        return Step(
            "identity",
            "Your photo ID",
            TO_DO,
            "A photo of your driver's licence, state ID or passport.",
            url,
            "Upload your ID",
        )
    if document.status == IdentityStatus.ASKED_AGAIN:
        return Step(
            "identity",
            "Your photo ID",
            ATTENTION,
            f"Please upload it again. {document.review_note}",
            url,
            "Upload it again",
        )
    if document.status == IdentityStatus.VERIFIED:
        return Step("identity", "Your photo ID", DONE, "Verified.", url, "View")
    return Step(
        "identity",
        "Your photo ID",
        DONE,
        "Received. A care coordinator will check it soon.",
        url,
        "View",
    )


def _consents(patient: Patient) -> Step:
    url = reverse("patients:consents")
    unsigned = unsigned_documents(patient)
    if not unsigned:
        return Step("consents", "Consent documents", DONE, "All signed.", url, "View")
    if any(has_signed_an_older_version(patient, document.kind) for document in unsigned):
        return Step(
            "consents",
            "Consent documents",
            ATTENTION,
            "We have updated a document you signed. Please read and sign the new version.",
            url,
            "Sign the new version",
        )
    signed = len(REQUIRED_KINDS) - len(unsigned)
    return Step(
        "consents",
        "Consent documents",
        TO_DO,
        f"{signed} of {len(REQUIRED_KINDS)} signed.",
        url,
        "Read and sign",
    )


def _subscription(patient: Patient) -> Step:
    state, detail, action = subscription_step(patient)
    return Step("subscription", "Your plan", state, detail, reverse("billing:plan"), action)


def _consult(patient: Patient) -> Step:
    url = reverse("care:book")
    consult = upcoming_consult(patient)
    if consult is not None:
        when = describe(consult.starts_at, patient_zone(patient))
        return Step(
            "consult",
            "Your video visit",
            DONE,
            f"Booked for {when} with {consult.clinician.display_name}.",
            reverse("care:consult", args=[consult.public_id]),
            "See the details",
        )
    seen = (
        patient.consults.filter(status=ConsultStatus.COMPLETED)
        .select_related("clinician")
        .order_by("-starts_at")
        .first()
    )
    if seen is not None:
        when = describe(seen.starts_at, patient_zone(patient))
        return Step(
            "consult",
            "Your video visit",
            DONE,
            f"You saw {seen.clinician.display_name} on {when}.",
            reverse("care:consult", args=[seen.public_id]),
            "See the details",
        )
    if check_can_book(patient):
        return Step(
            "consult",
            "Your video visit",
            WAITING,
            "Once the steps above are done, you choose a time with a physician licensed "
            "in your state.",
            url,
            "See what is left",
        )
    return Step(
        "consult",
        "Your video visit",
        TO_DO,
        "Choose a time for your video visit with a physician licensed in your state.",
        url,
        "Book your visit",
    )


def next_steps(patient: Patient) -> list[Step]:
    return [
        _profile(patient),
        _monitor(patient),
        _identity(patient),
        _consents(patient),
        _subscription(patient),
        _consult(patient),
    ]
