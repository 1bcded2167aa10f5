"""Forms of the patient portal. Every message says what is wrong and how to put it
right; a form shown again keeps everything the person typed."""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

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

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

STATE_CHOICES = [("", _("Choose a state")), ("FL", _("Florida")), ("NJ", _("New Jersey"))]


def _phone_field(
    label: "StrOrPromise", help_text: "StrOrPromise", required: "StrOrPromise"
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": required},
    )


class ProfileForm(PortalForm):
    legal_name = forms.CharField(
        label=_("Full legal name"),
        max_length=200,
        help_text=_("As it is on your photo ID. Your prescription label will show it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full legal name, as it is on your photo ID.")},
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        # A date input reads and writes ISO dates, whatever the language of the page.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "autocomplete": "bday"}),
        error_messages={
            "required": _("Enter your date of birth."),
            "invalid": _("Enter your date of birth as month, day and year, like 05/17/1980."),
        },
    )
    confirm_date_of_birth = forms.BooleanField(
        label=_("The date of birth above is right; the one in my assessment was a mistake."),
        required=False,
        help_text=_("Only tick this if the dates differ. A clinician will see that they did."),
    )
    phone = _phone_field(
        _("Mobile phone number"),
        _("We call this number if a video visit drops."),
        _("Enter mobile phone number."),
    )
    texts_allowed = forms.BooleanField(
        label=_("Text me when an order ships and when it arrives."),
        required=False,
        help_text=_(
            "Each text has the tracking link and nothing about your treatment. Reply "
            "STOP to end them. Email tells you either way."
        ),
    )
    address_line1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        help_text=_(
            "A street address: we cannot ship to a PO box, because someone must sign "
            "for each delivery."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        error_messages={"required": _("Enter the street address we should ship to.")},
    )
    address_line2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        max_length=200,
        required=False,
        help_text=_("Apartment, suite or unit."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={"required": _("Enter your city or town.")},
    )
    state = forms.CharField(
        label=_("State"),
        max_length=2,
        help_text=_("We serve Florida and New Jersey only."),
        widget=forms.Select(choices=STATE_CHOICES, attrs={"autocomplete": "address-level1"}),
        error_messages={"required": _("Choose Florida or New Jersey.")},
    )
    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "class": "input-short"}
        ),
        error_messages={"required": _("Enter your ZIP code.")},
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact's name"),
        max_length=200,
        help_text=_("Someone we may call if we cannot reach you and are worried about you."),
        error_messages={"required": _("Enter the name of an emergency contact.")},
    )
    emergency_contact_relationship = forms.CharField(
        label=_("How they know you"),
        max_length=100,
        help_text=_("For example: wife, brother, friend."),
        error_messages={"required": _("Tell us how your emergency contact knows you.")},
    )
    emergency_contact_phone = _phone_field(
        _("Emergency contact's phone number"), "", _("Enter emergency contact's phone number.")
    )

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
            raise forms.ValidationError(
                gettext("Enter your full legal name, as it is on your photo ID.")
            )
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
                gettext(
                    "We cannot ship to a PO box: an adult must sign for each delivery. Enter "
                    "the street address of your home."
                )
            )
        return line

    def clean_address_line2(self) -> str:
        line = " ".join(self.cleaned_data["address_line2"].split())
        if is_po_box(line):
            raise forms.ValidationError(
                gettext(
                    "We cannot ship to a PO box: an adult must sign for each delivery. Leave "
                    "this line for an apartment, suite or unit number."
                )
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
            raise forms.ValidationError(gettext("Enter a 5-digit ZIP code, like 33133."))
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
                gettext("Give someone else's number here: we call it when we cannot reach you."),
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
                    gettext(
                        "This is not the date of birth you gave in your assessment "
                        "(%(date)s). Check it. If the date here is right, tick the box below "
                        "it so a clinician can review the difference."
                    )
                    # Translators: a date as Django's date filter formats it: 05/17/1980.
                    % {"date": dateformat.format(self.assessment_dob, gettext("m/d/Y"))},
                )
        return cleaned


class MonitorForm(PortalForm):
    name = forms.CharField(
        label=_("Your monitor's name"),
        max_length=200,
        error_messages={"required": _("Enter the name of the adult who will be with you.")},
    )
    relationship = forms.CharField(
        label=_("How they know you"),
        max_length=100,
        help_text=_("For example: husband, daughter, friend, neighbour."),
        error_messages={"required": _("Tell us how your monitor knows you.")},
    )
    phone = _phone_field(
        _("Your monitor's phone number"),
        _("We may call it if we cannot reach you during a session."),
        _("Enter your monitor's phone number."),
    )
    confirmed_adult = forms.BooleanField(
        label=_("My monitor is 18 or older."),
        error_messages={"required": _("Your monitor must be an adult, 18 or older.")},
    )
    guide_read = forms.BooleanField(
        label=_("My monitor has read the monitor guide, and knows when to call 911."),
        error_messages={
            "required": _("Ask your monitor to read the monitor guide first, then tick this box.")
        },
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as problem:
            raise forms.ValidationError(str(problem)) from None


class IdentityUploadForm(PortalForm):
    document = forms.FileField(
        label=_("Photo of your ID"),
        help_text=_(
            "A driver's licence, state ID card or passport, with your photo, name and "
            "date of birth readable. A JPEG, PNG or HEIC photo, or a PDF, up to 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/heic,application/pdf"}
        ),
        error_messages={
            "required": _("Choose a photo of your ID to upload."),
            "empty": _("That file is empty. Choose the photo again."),
        },
    )


# The sentence chosen is kept in English on the document (review_note); the patient's
# pages translate it where they show it, so each is in the catalogue (gettext_noop).
ASK_AGAIN_REASONS = [
    ("", "Choose a reason"),
    (gettext_noop("The photo is blurred or too dark to read."), "Blurred or too dark"),
    (gettext_noop("Part of the ID is cut off in the photo."), "Part of the ID is cut off"),
    (gettext_noop("The ID has expired."), "Expired"),
    (
        gettext_noop("The name or date of birth on the ID does not match your profile."),
        "Does not match",
    ),
    (gettext_noop("The file is not a photo ID."), "Not a photo ID"),
]


class IdentityReviewForm(PortalForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", "Verified: it matches the profile"), ("ask_again", "Ask again")],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the ID is verified or must be sent again.")},
    )
    reason = forms.ChoiceField(
        label=_("Why ask again"),
        choices=ASK_AGAIN_REASONS,
        required=False,
        help_text=_("The patient sees this sentence."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "ask_again" and not cleaned.get("reason"):
            self.add_error("reason", "Choose the reason the patient will see.")
        return cleaned


class ConsentSignatureForm(PortalForm):
    typed_name = forms.CharField(
        label=_("Type your full legal name to sign"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Type your full legal name to sign.")},
    )
    document_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(
        label=_("I have read this document and agree to it."),
        error_messages={"required": _("Tick the box to say you have read and agree to it.")},
    )


class NewThreadForm(PortalForm):
    topic = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose one")), *MessageTopic.choices],
        help_text=_("Questions about your treatment or symptoms go to a clinician."),
        error_messages={"required": _("Choose what your message is about.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        help_text=_("A few words, like “Moving my visit”."),
        error_messages={"required": _("Give your message a subject.")},
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your message before sending it.")},
    )


class ReplyForm(PortalForm):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your reply before sending it.")},
    )


class TriageForm(PortalForm):
    topic = forms.ChoiceField(label=_("Topic"), choices=MessageTopic.choices)
    is_open = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("1", "Open"), ("0", "Closed")],
        coerce=lambda value: value == "1",
    )
