"""The payment provider's webhook and the local gateway's pages, under /integrations/payments/
(the address given to the provider)."""

from django.urls import path

from billing import provider_views

app_name = "payments"
urlpatterns = [
    path("webhooks/<slug:provider>/", provider_views.webhook, name="webhook"),
    path("local/checkout/<str:token>/", provider_views.local_checkout, name="local_checkout"),
    path(
        "local/payment-details/<str:token>/",
        provider_views.local_payment_details,
        name="local_payment_details",
    ),
]
