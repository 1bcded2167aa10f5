from django.urls import path

from assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.start, name="start"),
    path("result/", views.result, name="result"),
    path("restart/", views.restart, name="restart"),
    path("questionnaire.fhir.json", views.fhir_questionnaire, name="fhir_questionnaire"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<uuid:public_id>/", views.staff_detail, name="staff_detail"),
    path("<slug:section_id>/", views.section, name="section"),
]
