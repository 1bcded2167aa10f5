"""``{% waitlist_form state as form %}``: the waitlist's sign-up form for a state we do
not serve yet, for pages of other apps (the assessment's result) to offer it."""

from django import template

from content.forms import WaitlistForm

register = template.Library()


@register.simple_tag
def waitlist_form(state: str) -> WaitlistForm:
    return WaitlistForm(initial={"state": state}, auto_id="waitlist_%s")
