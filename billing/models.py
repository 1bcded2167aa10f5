"""What a patient pays for. Plans are written by an administrator in the admin;
subscriptions and invoices come later.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A subscription plan as the pricing page shows it."""

    class Interval(models.TextChoices):
        MONTH = "month", "Monthly"
        YEAR = "year", "Yearly"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    price_cents = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="In US cents: 25000 is $250."
    )
    interval = models.CharField(max_length=10, choices=Interval.choices, default=Interval.MONTH)
    summary = models.CharField(max_length=200, blank=True)
    includes = models.TextField(
        blank=True, help_text="What the plan includes, one item a line, in plain words."
    )
    active = models.BooleanField(default=True, help_text="Shown on the pricing page.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "price_cents"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_cents__gt=0), name="plan_price_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.price_display}/{self.interval})"

    @property
    def price_display(self) -> str:
        """ "$250" for whole dollars, "$249.50" otherwise."""
        dollars, cents = divmod(self.price_cents, 100)
        return f"${dollars:,}" if cents == 0 else f"${dollars:,}.{cents:02d}"

    @property
    def interval_word(self) -> str:
        return gettext("month") if self.interval == self.Interval.MONTH else gettext("year")

    @property
    def included_items(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.includes.splitlines() if line.strip(" -*\t")]


def active_plans() -> models.QuerySet[Plan]:
    return Plan.objects.filter(active=True)


def lowest_active_plan() -> Plan | None:
    return active_plans().order_by("price_cents").first()


# Subscriptions, invoices and payment events: what each patient pays, kept in step
# with the payment provider through integrations/payments/ and billing/actions.py.


class SubscriptionStatus(models.TextChoices):
    INCOMPLETE = "incomplete", _("Waiting for the first payment")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Payment overdue")
    PAUSED = "paused", _("Paused")
    CANCELED = "canceled", _("Ended")


LIVE_STATUSES = (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE, SubscriptionStatus.PAUSED)


class Subscription(models.Model):
    """A patient's subscription to a plan, mirrored from the payment provider."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="subscriptions"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    provider = models.CharField(max_length=20, help_text="Which payments adapter runs it.")
    provider_customer_id = models.CharField(max_length=100, blank=True)
    provider_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(
        max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.INCOMPLETE
    )
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    paused_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "patient",
                condition=models.Q(status__in=["active", "past_due", "paused"]),
                name="subscription_one_live_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.name} subscription {self.public_id} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Due")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    VOID = "void", _("Cancelled")


class Invoice(models.Model):
    """One bill of a subscription, as the provider reports it."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="invoices"
    )
    provider_invoice_id = models.CharField(max_length=100, unique=True)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    hosted_url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"Invoice {self.provider_invoice_id} ({self.status})"

    @property
    def amount_display(self) -> str:
        dollars, cents = divmod(self.amount_cents, 100)
        return f"${dollars:,}" if cents == 0 else f"${dollars:,}.{cents:02d}"


class PaymentEvent(models.Model):
    """A provider's event, kept once: a replayed event finds its row and changes nothing."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=60)
    received_at = models.DateTimeField(default=timezone.now)
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_events",
    )
    outcome = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint("provider", "event_id", name="payment_event_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind} {self.event_id}"
