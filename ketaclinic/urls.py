from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth, so a second factor is asked there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "ketaclinic administration"

# What a visitor or patient reads answers at its plain (English) address and under /es/
# (foundation/language.py); the admin and the services' callbacks are English only.
urlpatterns = [
    *i18n_patterns(
        # First: every page of the assessment is resolved on every visitor's step, and no
        # other pattern starts with "assessment/", so trying it first changes no answer (a
        # section resolved in 61 µs behind content's and the workspace's patterns, 25 µs
        # first).
        path("assessment/", include("assessment.urls")),
        path("", include("content.urls")),
        path("accounts/", include("accounts.urls")),
        path("accounts/", include("allauth.urls")),
        path("", include("workspace.urls")),
        path("patients/", include("patients.urls")),
        path("billing/", include("billing.urls")),
        path("journal/", include("journal.urls")),
        path("records/", include("records.urls")),
        # Booking a visit and one's own orders are the patient's; the rest of these two
        # is staff's, whom foundation/language.py keeps in English.
        path("care/", include("care.urls")),
        path("pharmacy/", include("pharmacy.urls")),
        prefix_default_language=False,
    ),
    path("care/", include("credentials.urls")),
    path("integrations/payments/", include("billing.provider_urls")),
    path("integrations/carrier/", include("pharmacy.carrier_urls")),
    path("admin/", admin.site.urls),
]
