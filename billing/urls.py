from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("start/<slug:slug>/", views.start, name="start"),
    path("welcome/", views.welcome, name="welcome"),
    path("cancel/", views.cancel, name="cancel"),
    path("pause/", views.pause, name="pause"),
    path("resume/", views.resume, name="resume"),
    path("payment-details/", views.payment_details, name="payment_details"),
    path("patients/<uuid:public_id>/", views.patient_billing, name="patient_billing"),
]
