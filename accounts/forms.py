"""Sign-in forms of our own where allauth's would answer junk with a server error.

A security key's answer comes back from the browser as JSON in a hidden field. allauth
parses it with fido2, which raises KeyError for a missing member and ValueError for bad
base64; allauth turns only some of those into a form error. Here any answer that does
not parse is a form error with a plain message, before allauth looks at it (MFA_FORMS).
"""

from typing import Any

from allauth.mfa.webauthn.forms import AddWebAuthnForm, ReauthenticateWebAuthnForm
from django import forms
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

KEY_DID_NOT_ANSWER = (
    "Your security key's answer could not be read. Try again, and touch the key when it flashes."
)


def _parses(parse: Any, credential: Any) -> bool:
    try:
        parse(credential)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


class AddSecurityKeyForm(AddWebAuthnForm):
    def clean_credential(self) -> Any:
        credential = self.cleaned_data["credential"]
        if not _parses(RegistrationResponse.from_dict, credential):
            raise forms.ValidationError(KEY_DID_NOT_ANSWER, code="unreadable")
        return credential


class ReauthenticateWithSecurityKeyForm(ReauthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        if not _parses(AuthenticationResponse.from_dict, self.cleaned_data["credential"]):
            raise forms.ValidationError(KEY_DID_NOT_ANSWER, code="unreadable")
        return super().clean_credential()
