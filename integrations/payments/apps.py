from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "integrations.payments"
    label = "payments"
    verbose_name = "Payments adapter"
