from django.urls import path

from patients import views

app_name = "patients"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("profile/", views.profile, name="profile"),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/guide/", views.monitor_guide_page, name="monitor_guide"),
    path("identity/", views.identity, name="identity"),
    path("identity/<uuid:document_id>/file/", views.identity_file, name="identity_file"),
    path("identity/review/", views.identity_queue, name="identity_queue"),
    path("identity/review/<uuid:document_id>/", views.identity_review, name="identity_review"),
    path("consents/", views.consents, name="consents"),
    path("consents/<slug:kind>/", views.consent_sign, name="consent_sign"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_new, name="message_new"),
    path("messages/<uuid:thread_id>/", views.thread, name="thread"),
    path("messages/<uuid:thread_id>/triage/", views.thread_triage, name="thread_triage"),
]
