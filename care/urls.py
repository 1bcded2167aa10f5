from django.urls import path

from care import adverse_events, in_person, practice, search, views, workspace

app_name = "care"
urlpatterns = [
    path("book/", views.book, name="book"),
    path("consults/<uuid:consult_id>/", views.consult, name="consult"),
    path("consults/<uuid:consult_id>/move/", views.reschedule, name="reschedule"),
    path("consults/<uuid:consult_id>/cancel/", views.cancel, name="cancel"),
    path("consults/<uuid:consult_id>/join/", views.join, name="join"),
    path("availability/", views.availability, name="availability"),
    path(
        "availability/<int:block_id>/withdraw/",
        views.withdraw_availability,
        name="withdraw_availability",
    ),
    path("schedule/", views.schedule, name="schedule"),
    path("time-zone/", views.choose_zone, name="choose_zone"),
    path("queue/", workspace.queue, name="queue"),
    path("patients/<uuid:public_id>/", workspace.chart, name="chart"),
    path("patients/<uuid:public_id>/budapest/", workspace.budapest_exam, name="budapest"),
    path("patients/<uuid:public_id>/severity/", workspace.severity_score, name="severity"),
    path("patients/<uuid:public_id>/diagnoses/", workspace.diagnosis, name="diagnosis"),
    path("patients/<uuid:public_id>/decision/", workspace.decision, name="decision"),
    path("patients/<uuid:public_id>/plan/", workspace.treatment_plan, name="plan"),
    path("patients/<uuid:public_id>/pdmp/", workspace.pdmp_check, name="pdmp"),
    path("patients/<uuid:public_id>/prescribe/", workspace.prescribe, name="prescribe"),
    path(
        "patients/<uuid:public_id>/adverse-events/new/",
        adverse_events.new_adverse_event,
        name="new_adverse_event",
    ),
    path("consults/<uuid:consult_id>/note/", workspace.consult_note, name="note"),
    path(
        "prescriptions/<uuid:prescription_id>/cancel/",
        workspace.cancel_prescription,
        name="cancel_prescription",
    ),
    path(
        "adverse-events/<uuid:event_id>/review/",
        workspace.review_adverse_event,
        name="review_adverse_event",
    ),
    path(
        "patients/<uuid:public_id>/holds/<str:hold>/clear/", workspace.clear_hold, name="clear_hold"
    ),
    path("patients/<uuid:public_id>/weight/", workspace.weight, name="weight"),
    path("plans/<uuid:plan_id>/end/", workspace.end_plan, name="end_plan"),
    path("plans/<uuid:plan_id>/review/", workspace.plan_review, name="plan_review"),
    path("patients/<uuid:public_id>/suicide-risk/", workspace.suicide_risk, name="suicide_risk"),
    path("flags/<uuid:flag_id>/seen/", workspace.acknowledge_flag, name="acknowledge_flag"),
    path("practice/", practice.practice, name="practice"),
    path("patients/<uuid:public_id>/in-person/", in_person.in_person_evaluation, name="in_person"),
    path("search/", search.patient_search, name="search"),
]
