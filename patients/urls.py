from django.urls import path

from patients import views

app_name = "patients"
urlpatterns = [
    path("<uuid:public_id>/", views.record, name="record"),
]
