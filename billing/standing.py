"""Whether a patient's plan lets care go on, in one place.

While a subscription is past due (or paused, or ended), nothing new that leads to a
prescription is started: no new visit is booked, and later nothing new is prescribed
or shipped (`check_subscription_allows_treatment`). Messages and safety contacts never
depend on it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from billing.models import Subscription, SubscriptionStatus
from foundation.refusals import Reason, Refused
from patients.models import Patient


@dataclass(frozen=True)
class SubscriptionProblem:
    status: str
    message: str
    url: str
    link_text: str


class SubscriptionNotInGoodStanding(Refused):
    """The patient's subscription does not allow this; `problem` says what to do."""

    def __init__(self, problem: SubscriptionProblem) -> None:
        super().__init__([Reason(f"subscription_{problem.status}", problem.message)])
        self.problem = problem


def current_subscription(patient: Patient) -> Subscription | None:
    """The live subscription, else the newest one of any kind."""
    subscriptions = Subscription.objects.filter(patient=patient).select_related("plan")
    live = subscriptions.filter(
        status__in=[
            SubscriptionStatus.ACTIVE,
            SubscriptionStatus.PAST_DUE,
            SubscriptionStatus.PAUSED,
        ]
    ).first()
    return live or subscriptions.first()


def subscription_problem(patient: Patient) -> SubscriptionProblem | None:
    subscription = current_subscription(patient)
    url = reverse("billing:plan")
    if subscription is None or subscription.status == SubscriptionStatus.INCOMPLETE:
        return SubscriptionProblem(
            "none",
            _("Choose your plan. Your first payment covers your video visit."),
            url,
            _("Choose your plan"),
        )
    if subscription.status == SubscriptionStatus.PAST_DUE:
        return SubscriptionProblem(
            "past_due",
            _(
                "Your last payment did not go through. Update your payment details to book "
                "visits and continue treatment. Messages to the care team still work."
            ),
            url,
            _("Update your payment details"),
        )
    if subscription.status == SubscriptionStatus.PAUSED:
        return SubscriptionProblem(
            "paused",
            _("Your plan is paused. Resume it to book a visit."),
            url,
            _("Resume your plan"),
        )
    if subscription.status == SubscriptionStatus.CANCELED:
        return SubscriptionProblem(
            "canceled",
            _("Your plan has ended. Choose a plan to continue."),
            url,
            _("Choose a plan"),
        )
    return None


def check_subscription_allows_treatment(patient: Patient) -> None:
    """For every step that leads to a new prescription or shipment (booking a visit,
    prescribing, filling, shipping): raises while the plan is not in good standing."""
    problem = subscription_problem(patient)
    if problem is not None:
        raise SubscriptionNotInGoodStanding(problem)


def subscription_step(patient: Patient) -> tuple[str, str, str]:
    """(state, detail, action) of the plan's line on the dashboard checklist."""
    subscription = current_subscription(patient)
    problem = subscription_problem(patient)
    if subscription is not None and problem is None:
        plan = subscription.plan
        detail = f"{plan.name}, {plan.price_display} a {plan.interval_word}."
        ends = subscription.current_period_end
        if subscription.cancel_at_period_end and ends:
            detail += f" Ends on {ends:%B} {ends.day}."
        return "done", detail, "See your plan"
    if problem is None or problem.status in {"none", "canceled"}:
        return (
            "to_do",
            "From $250 a month. You are not charged before you choose.",
            "Choose your plan",
        )
    return "attention", problem.message, problem.link_text
