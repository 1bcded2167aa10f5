"""A clinician's own credentials, and the administrator's pages that record them; under
/care/ beside the rest of a clinician's pages."""

from django.urls import path

from credentials import views

app_name = "credentials"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("credentials/", views.clinician_credentials, name="credentials"),
    path(
        "credentials/<int:clinician_id>/licences/new/",
        views.add_licence,
        name="add_licence",
    ),
    path(
        "credentials/<int:clinician_id>/dea-registrations/new/",
        views.add_dea_registration,
        name="add_dea_registration",
    ),
    path(
        "credentials/licences/<int:licence_id>/renew/",
        views.renew_licence,
        name="renew_licence",
    ),
    path(
        "credentials/dea-registrations/<int:registration_id>/renew/",
        views.renew_dea_registration,
        name="renew_dea_registration",
    ),
]
