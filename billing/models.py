"""What a patient pays for. Plans are written by an administrator in the admin;
subscriptions and invoices come later.
"""

from django.core.validators import MinValueValidator
from django.db import models


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
        return "month" if self.interval == self.Interval.MONTH else "year"

    @property
    def included_items(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.includes.splitlines() if line.strip(" -*\t")]


def active_plans() -> models.QuerySet[Plan]:
    return Plan.objects.filter(active=True)


def lowest_active_plan() -> Plan | None:
    return active_plans().order_by("price_cents").first()
