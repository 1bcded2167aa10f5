"""The carrier's webhook, under /integrations/carrier/ (the address given to the carrier)."""

from django.urls import path

from pharmacy import carrier_views

app_name = "carrier"
urlpatterns = [
    path("webhook/", carrier_views.webhook, name="webhook"),
]
