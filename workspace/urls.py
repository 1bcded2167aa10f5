"""The read side's pages, at the addresses each person knows: the patient's home and a
patient's record under /patients/, the clinician's queue, chart, search and practice view
under /care/."""

from django.urls import path

from workspace import views

app_name = "workspace"
urlpatterns = [
    path("patients/", views.home, name="home"),
    path("patients/<uuid:public_id>/", views.record, name="record"),
    path("care/queue/", views.queue, name="queue"),
    path("care/patients/<uuid:public_id>/", views.chart, name="chart"),
    path("care/search/", views.patient_search, name="search"),
    path("care/practice/", views.practice, name="practice"),
]
