from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("language/", views.choose_language, name="language"),
    path("audit-log.csv", views.audit_export, name="audit_export"),
]
