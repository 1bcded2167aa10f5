from django import forms

from foundation.forms import PortalForm
from integrations.carrier.local import TRACKING_PAGES


class FillForm(PortalForm):
    lot_number = forms.CharField(max_length=40, label="Lot number")
    beyond_use_date = forms.DateField(
        label="Beyond-use date", widget=forms.DateInput(attrs={"type": "date"})
    )
    quantity = forms.IntegerField(min_value=1, label="Quantity dispensed (units)")


class ShipForm(PortalForm):
    carrier_name = forms.ChoiceField(
        label="Carrier", choices=[(name, name) for name in sorted(TRACKING_PAGES)]
    )
    tracking_number = forms.CharField(max_length=60, label="Tracking number")


class DeliveryEventForm(PortalForm):
    kind = forms.ChoiceField(
        label="What happened",
        choices=[
            ("out_for_delivery", "Out for delivery"),
            ("delivered", "Delivered and signed for"),
            ("failed_attempt", "Delivery attempt failed"),
            ("returned", "Returned to the pharmacy"),
        ],
    )
    signed_by = forms.CharField(max_length=200, required=False, label="Who signed (when delivered)")
    detail = forms.CharField(max_length=300, required=False, label="Note (no health details)")


class MonthForm(PortalForm):
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$", label="Month (YYYY-MM)", max_length=7
    )


class DeclineForm(PortalForm):
    reason = forms.CharField(
        label="Why not (the patient reads this)", widget=forms.Textarea, max_length=1000
    )
