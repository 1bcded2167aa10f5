import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.language import name_in_english
from patients.storage import PrivateStorage


class PatientStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    READY_FOR_CONSULT = "ready_for_consult", "Ready for consult"
    APPROVED = "approved", "Approved"
    IN_TREATMENT = "in_treatment", "In treatment"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    DISCHARGED = "discharged", "Discharged"
    DECLINED = "declined", "Declined"
    REFERRED = "referred", "Referred"


class Patient(models.Model):
    """The clinical record of a person in care.

    `public_id` is the only identifier that appears in URLs: it reveals nothing
    and cannot be guessed from its neighbours.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    legal_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_differs = models.BooleanField(
        default=False,
        help_text="The patient confirmed a date of birth other than the one in their assessment.",
    )
    state = models.CharField(max_length=2, help_text="USPS code of the state the patient lives in.")
    status = models.CharField(
        max_length=20, choices=PatientStatus.choices, default=PatientStatus.CANDIDATE
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    assessment = models.ForeignKey(
        "assessment.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The assessment the patient joined from.",
    )

    # Contact and shipping: deliveries need a signature, so never a PO box.
    phone = models.CharField(max_length=20, blank=True, help_text="Mobile, in E.164 form.")
    texts_allowed = models.BooleanField(
        default=False,
        help_text="Agreed to texts when an order ships and arrives (a tracking link only).",
    )
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip_code = models.CharField(max_length=5, blank=True)
    county = models.CharField(max_length=100, blank=True)
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="IANA zone from the ZIP code; times are shown in it."
    )
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = models.CharField(max_length=20, blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    profile_completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "status"]),
            # The clinicians' search by date of birth.
            models.Index(fields=["date_of_birth"], name="patient_date_of_birth"),
            # The search by part of a name walks a state's patients in name order and stops
            # at its limit, never reading a patient's row to do so.
            models.Index(fields=["state", "legal_name", "id"], name="patient_by_name"),
            # The clinician's queue finds the candidates waiting in a state from this alone.
            models.Index(
                fields=["state", "assessment_id", "id"],
                condition=models.Q(status__in=["candidate", "ready_for_consult"]),
                name="patient_candidates",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name or f"Patient {self.public_id}"

    @property
    def profile_complete(self) -> bool:
        return self.profile_completed_at is not None

    @property
    def display_name(self) -> str:
        return self.legal_name or self.user.email


class TimelineEvent(models.Model):
    """One step of a patient's course, for the chart. Written by every app's verbs.

    `summary` is a short sentence with no health details (it may be shown to a
    coordinator); anything more goes in `detail`.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(max_length=60, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class TreatmentMonitor(models.Model):
    """The adult the patient names to be present during every home session."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="monitor")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20)
    relationship = models.CharField(max_length=100)
    confirmed_adult = models.BooleanField(default=False)
    guide_version = models.CharField(max_length=20, blank=True)
    guide_confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Monitor for {self.patient}"


def identity_upload_path(instance: "IdentityDocument", filename: str) -> str:
    """A random name under identity/: nothing about the patient or the upload shows."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"identity/{secrets.token_hex(24)}.{extension}"


class IdentityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting to be checked")
    VERIFIED = "verified", _("Verified")
    ASKED_AGAIN = "asked_again", _("Asked to upload again")


class IdentityDocument(models.Model):
    """A photo ID the patient uploaded, kept in private storage (never served by URL).

    Only `patients.views.identity_file` sends it, to its patient and coordinators.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="identity_documents"
    )
    file = models.FileField(
        upload_to=identity_upload_path, storage=PrivateStorage(), max_length=200
    )
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=IdentityStatus.choices, default=IdentityStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(
        max_length=300, blank=True, help_text="Why we asked again, in words the patient reads."
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Photo ID {self.public_id} ({self.status})"


class ConsentKind(models.TextChoices):
    TELEHEALTH = "telehealth", _("Consent to telehealth care")
    KETAMINE = "ketamine", _("Informed consent for at-home ketamine treatment")
    PRIVACY = "privacy", _("Privacy notice acknowledgement")
    CONTROLLED_SUBSTANCE = "controlled_substance", _("Controlled-substance agreement")


class ConsentDocument(models.Model):
    """One version of a consent text. A changed text is a new version, never an edit."""

    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the text. Each language has its own versions.",
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    sha256 = models.CharField(max_length=64, editable=False)
    translates_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="For a translation: the hash of the English version it says the same as.",
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                "kind", "language", "version", name="consent_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        if self.language == "en":
            return f"{self.title}, version {self.version}"
        return f"{self.title}, {self.language_name} version {self.version}"

    @property
    def language_name(self) -> str:
        """The language's name in English, for staff pages and records."""
        return name_in_english(self.language)

    @staticmethod
    def hash_text(title: str, body: str) -> str:
        return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


class Consent(models.Model):
    """A patient's signature of one exact version of a consent document."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consents")
    document = models.ForeignKey(
        ConsentDocument, on_delete=models.PROTECT, related_name="signatures"
    )
    document_sha256 = models.CharField(max_length=64)
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint("patient", "document", name="consent_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.patient} signed {self.document}"


class MessageTopic(models.TextChoices):
    CLINICAL = "clinical", _("My treatment or symptoms")
    SCHEDULING = "scheduling", _("Appointments")
    BILLING = "billing", _("Billing and my plan")
    OTHER = "other", _("Something else")


class MessageThread(models.Model):
    """A conversation between a patient and the care team.

    Coordinators see every thread and triage it; clinicians see the clinical ones
    of patients in the states they are licensed in.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="threads")
    subject = models.CharField(max_length=150)
    topic = models.CharField(max_length=20, choices=MessageTopic.choices)
    is_open = models.BooleanField(default=True)
    awaiting_care_team = models.BooleanField(
        default=True, help_text="The last message is the patient's."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_message_at"]

    def __str__(self) -> str:
        return f"Thread {self.public_id}"

    @property
    def is_clinical(self) -> bool:
        return self.topic == MessageTopic.CLINICAL


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_patient = models.BooleanField()
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} in {self.thread}"
