"""Forms of the patient portal. Every message says what is wrong and how to put it
right; a form shown again keeps everything the person typed."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from foundation.forms import PortalForm
from patients.models import MessageTopic, Patient
from patients.rules import (
    check_date_of_birth,
    check_state,
    check_zip,
    format_phone,
    is_po_box,
    normalise_phone,
    normalise_zip,
)

STATE_CHOICES = [("", "Choose a state"), ("FL", "Florida"), ("NJ", "New Jersey")]


def _phone_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": f"Enter {label.lower()}."},
    )


class ProfileForm(PortalForm):
    legal_name = forms.CharField(
        label="Full legal name",
        max_length=200,
        help_text="As it is on your photo ID. Your prescription label will show it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full legal name, as it is on your photo ID."},
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        error_messages={
            "required": "Enter your date of birth.",
            "invalid": "Enter your date of birth as month, day and year, like 05/17/1980.",
        },
    )
    confirm_date_of_birth = forms.BooleanField(
        label="The date of birth above is right; the one in my assessment was a mistake.",
        required=False,
        help_text="Only tick this if the dates differ. A clinician will see that they did.",
    )
    phone = _phone_field("Mobile phone number", "We call this number if a video visit drops.")
    texts_allowed = forms.BooleanField(
        label="Text me when an order ships and when it arrives.",
        required=False,
        help_text="Each text has the tracking link and nothing about your treatment. Reply "
        "STOP to end them. Email tells you either way.",
    )
    address_line1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        help_text="A street address: we cannot ship to a PO box, because someone must sign "
        "for each delivery.",
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        error_messages={"required": "Enter the street address we should ship to."},
    )
    address_line2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        help_text="Apartment, suite or unit.",
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    city = forms.CharField(
        label="City or town",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={"required": "Enter your city or town."},
    )
    state = forms.CharField(
        label="State",
        max_length=2,
        help_text="We serve Florida and New Jersey only.",
        widget=forms.Select(choices=STATE_CHOICES, attrs={"autocomplete": "address-level1"}),
        error_messages={"required": "Choose Florida or New Jersey."},
    )
    zip_code = forms.CharField(
        label="ZIP code",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "class": "input-short"}
        ),
        error_messages={"required": "Enter your ZIP code."},
    )
    emergency_contact_name = forms.CharField(
        label="Emergency contact's name",
        max_length=200,
        help_text="Someone we may call if we cannot reach you and are worried about you.",
        error_messages={"required": "Enter the name of an emergency contact."},
    )
    emergency_contact_relationship = forms.CharField(
        label="How they know you",
        max_length=100,
        help_text="For example: wife, brother, friend.",
        error_messages={"required": "Tell us how your emergency contact knows you."},
    )
    emergency_contact_phone = _phone_field("Emergency contact's phone number", "")

    def __init__(
        self, *args: Any, assessment_dob: datetime.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.assessment_dob = assessment_dob
        if assessment_dob is None:
            del self.fields["confirm_date_of_birth"]
        # The "my assessment was wrong" box appears only once the dates have differed.
        self.show_dob_confirmation = assessment_dob is not None and bool(
            self["confirm_date_of_birth"].value()
        )

    @classmethod
    def initial_for(cls, patient: Patient) -> dict[str, Any]:
        return {
            "legal_name": patient.legal_name or patient.user.full_name,
            "date_of_birth": patient.date_of_birth,
            "confirm_date_of_birth": patient.date_of_birth_differs,
            "phone": format_phone(patient.phone),
            "texts_allowed": patient.texts_allowed,
            "address_line1": patient.address_line1,
            "address_line2": patient.address_line2,
            "city": patient.city,
            "state": patient.state,
            "zip_code": patient.zip_code,
            "emergency_contact_name": patient.emergency_contact_name,
            "emergency_contact_relationship": patient.emergency_contact_relationship,
            "emergency_contact_phone": format_phone(patient.emergency_contact_phone),
        }

    def clean_legal_name(self) -> str:
        name = " ".join(self.cleaned_data["legal_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Enter your full legal name, as it is on your photo ID.")
        return name

    def clean_date_of_birth(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date_of_birth"]
        problem = check_date_of_birth(value, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean_emergency_contact_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["emergency_contact_phone"])
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean_address_line1(self) -> str:
        line = " ".join(self.cleaned_data["address_line1"].split())
        if is_po_box(line):
            raise forms.ValidationError(
                "We cannot ship to a PO box: an adult must sign for each delivery. Enter "
                "the street address of your home."
            )
        return line

    def clean_address_line2(self) -> str:
        line = " ".join(self.cleaned_data["address_line2"].split())
        if is_po_box(line):
            raise forms.ValidationError(
                "We cannot ship to a PO box: an adult must sign for each delivery. Leave "
                "this line for an apartment, suite or unit number."
            )
        return line

    def clean_state(self) -> str:
        state = self.cleaned_data["state"].strip().upper()
        problem = check_state(state)
        if problem:
            raise forms.ValidationError(problem)
        return state

    def clean_zip_code(self) -> str:
        zip5 = normalise_zip(self.cleaned_data["zip_code"])
        if zip5 is None:
            raise forms.ValidationError("Enter a 5-digit ZIP code, like 33133.")
        return zip5

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        state, zip5 = cleaned.get("state"), cleaned.get("zip_code")
        if state and zip5:
            problem = check_zip(zip5, state)
            if problem:
                self.add_error("zip_code", problem)
        same = cleaned.get("phone") and cleaned.get("phone") == cleaned.get(
            "emergency_contact_phone"
        )
        if same:
            self.add_error(
                "emergency_contact_phone",
                "Give someone else's number here: we call it when we cannot reach you.",
            )
        dob = cleaned.get("date_of_birth")
        cleaned["date_of_birth_differs"] = False
        if dob and self.assessment_dob and dob != self.assessment_dob:
            if cleaned.get("confirm_date_of_birth"):
                cleaned["date_of_birth_differs"] = True
            else:
                self.show_dob_confirmation = True
                self.add_error(
                    "date_of_birth",
                    "This is not the date of birth you gave in your assessment "
                    f"({self.assessment_dob:%m/%d/%Y}). Check it. If the date here is "
                    "right, tick the box below it so a clinician can review the difference.",
                )
        return cleaned


class MonitorForm(PortalForm):
    name = forms.CharField(
        label="Your monitor's name",
        max_length=200,
        error_messages={"required": "Enter the name of the adult who will be with you."},
    )
    relationship = forms.CharField(
        label="How they know you",
        max_length=100,
        help_text="For example: husband, daughter, friend, neighbour.",
        error_messages={"required": "Tell us how your monitor knows you."},
    )
    phone = _phone_field(
        "Your monitor's phone number", "We may call it if we cannot reach you during a session."
    )
    confirmed_adult = forms.BooleanField(
        label="My monitor is 18 or older.",
        error_messages={"required": "Your monitor must be an adult, 18 or older."},
    )
    guide_read = forms.BooleanField(
        label="My monitor has read the monitor guide, and knows when to call 911.",
        error_messages={
            "required": "Ask your monitor to read the monitor guide first, then tick this box."
        },
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None


class IdentityUploadForm(PortalForm):
    document = forms.FileField(
        label="Photo of your ID",
        help_text="A driver's licence, state ID card or passport, with your photo, name and "
        "date of birth readable. A JPEG, PNG or HEIC photo, or a PDF, up to 10 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/heic,application/pdf"}
        ),
        error_messages={
            "required": "Choose a photo of your ID to upload.",
            "empty": "That file is empty. Choose the photo again.",
        },
    )


ASK_AGAIN_REASONS = [
    ("", "Choose a reason"),
    ("The photo is blurred or too dark to read.", "Blurred or too dark"),
    ("Part of the ID is cut off in the photo.", "Part of the ID is cut off"),
    ("The ID has expired.", "Expired"),
    ("The name or date of birth on the ID does not match your profile.", "Does not match"),
    ("The file is not a photo ID.", "Not a photo ID"),
]


class IdentityReviewForm(PortalForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("verify", "Verified: it matches the profile"), ("ask_again", "Ask again")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the ID is verified or must be sent again."},
    )
    reason = forms.ChoiceField(
        label="Why ask again",
        choices=ASK_AGAIN_REASONS,
        required=False,
        help_text="The patient sees this sentence.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "ask_again" and not cleaned.get("reason"):
            self.add_error("reason", "Choose the reason the patient will see.")
        return cleaned


class ConsentSignatureForm(PortalForm):
    typed_name = forms.CharField(
        label="Type your full legal name to sign",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Type your full legal name to sign."},
    )
    document_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(
        label="I have read this document and agree to it.",
        error_messages={"required": "Tick the box to say you have read and agree to it."},
    )


class NewThreadForm(PortalForm):
    topic = forms.ChoiceField(
        label="What is it about?",
        choices=[("", "Choose one"), *MessageTopic.choices],
        help_text="Questions about your treatment or symptoms go to a clinician.",
        error_messages={"required": "Choose what your message is about."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=150,
        help_text="A few words, like \u201cMoving my visit\u201d.",
        error_messages={"required": "Give your message a subject."},
    )
    body = forms.CharField(
        label="Your message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write your message before sending it."},
    )


class ReplyForm(PortalForm):
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your reply before sending it."},
    )


class TriageForm(PortalForm):
    topic = forms.ChoiceField(label="Topic", choices=MessageTopic.choices)
    is_open = forms.TypedChoiceField(
        label="Status",
        choices=[("1", "Open"), ("0", "Closed")],
        coerce=lambda value: value == "1",
    )
