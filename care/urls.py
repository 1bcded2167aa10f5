from django.urls import path

from care import adverse_events, clinical_views, in_person, views

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
    path("patients/<uuid:public_id>/budapest/", clinical_views.budapest_exam, name="budapest"),
    path("patients/<uuid:public_id>/severity/", clinical_views.severity_score, name="severity"),
    path("patients/<uuid:public_id>/diagnoses/", clinical_views.diagnosis, name="diagnosis"),
    path("patients/<uuid:public_id>/decision/", clinical_views.decision, name="decision"),
    path("patients/<uuid:public_id>/plan/", clinical_views.treatment_plan, name="plan"),
    path("patients/<uuid:public_id>/pdmp/", clinical_views.pdmp_check, name="pdmp"),
    path("patients/<uuid:public_id>/prescribe/", clinical_views.prescribe, name="prescribe"),
    path(
        "patients/<uuid:public_id>/adverse-events/new/",
        adverse_events.new_adverse_event,
        name="new_adverse_event",
    ),
    path("consults/<uuid:consult_id>/note/", clinical_views.consult_note, name="note"),
    path(
        "prescriptions/<uuid:prescription_id>/cancel/",
        clinical_views.cancel_prescription,
        name="cancel_prescription",
    ),
    path(
        "adverse-events/<uuid:event_id>/review/",
        clinical_views.review_adverse_event,
        name="review_adverse_event",
    ),
    path(
        "patients/<uuid:public_id>/holds/<str:hold>/clear/",
        clinical_views.clear_hold,
        name="clear_hold",
    ),
    path("patients/<uuid:public_id>/weight/", clinical_views.weight, name="weight"),
    path("plans/<uuid:plan_id>/end/", clinical_views.end_plan, name="end_plan"),
    path("plans/<uuid:plan_id>/review/", clinical_views.plan_review, name="plan_review"),
    path(
        "patients/<uuid:public_id>/suicide-risk/", clinical_views.suicide_risk, name="suicide_risk"
    ),
    path("flags/<uuid:flag_id>/seen/", clinical_views.acknowledge_flag, name="acknowledge_flag"),
    path("patients/<uuid:public_id>/in-person/", in_person.in_person_evaluation, name="in_person"),
]
