from django.urls import path

from integrations.payments import views

app_name = "payments"
urlpatterns = [
    path("webhooks/<slug:provider>/", views.webhook, name="webhook"),
    path("local/checkout/<str:token>/", views.local_checkout, name="local_checkout"),
    path(
        "local/payment-details/<str:token>/",
        views.local_payment_details,
        name="local_payment_details",
    ),
]
