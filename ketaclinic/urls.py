from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth, so a second factor is asked there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "ketaclinic administration"

urlpatterns = [
    path("", include("content.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("workspace.urls")),
    path("patients/", include("patients.urls")),
    path("care/", include("care.urls")),
    path("care/", include("credentials.urls")),
    path("billing/", include("billing.urls")),
    path("integrations/payments/", include("billing.provider_urls")),
    path("integrations/carrier/", include("pharmacy.carrier_urls")),
    path("assessment/", include("assessment.urls")),
    path("journal/", include("journal.urls")),
    path("pharmacy/", include("pharmacy.urls")),
    path("records/", include("records.urls")),
    path("admin/", admin.site.urls),
]
