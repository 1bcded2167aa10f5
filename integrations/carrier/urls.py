from django.urls import path

from integrations.carrier import views

app_name = "carrier"
urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
