from django.urls import path

from journal import side_effects, views

app_name = "journal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<uuid:public_id>/", views.overview, name="overview"),
    path("<uuid:public_id>/session/", views.safety_check, name="safety"),
    path("<uuid:public_id>/session/<uuid:session_id>/", views.during, name="during"),
    path("<uuid:public_id>/session/<uuid:session_id>/after/", views.after, name="after"),
    path("<uuid:public_id>/exercise/<uuid:log_id>/", views.exercise, name="exercise"),
    path("<uuid:public_id>/check-in/<slug:instrument>/", views.check_in, name="check_in"),
    path(
        "<uuid:public_id>/check-in/done/<uuid:check_in_id>/",
        views.check_in_done,
        name="check_in_done",
    ),
    path("<uuid:public_id>/side-effect/", side_effects.report_side_effect, name="side_effect"),
    path("<uuid:public_id>/progress/", views.progress, name="progress"),
    path("<uuid:public_id>/summary/", views.summary, name="summary"),
    path("<uuid:public_id>/journal.csv", views.download, name="download"),
]
