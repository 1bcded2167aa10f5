from django.urls import path

from pharmacy import views

app_name = "pharmacy"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("prescriptions/<uuid:prescription_id>/start/", views.start, name="start"),
    path("orders/<uuid:fill_id>/", views.order, name="order"),
    path("orders/<uuid:fill_id>/verify/", views.verify, name="verify"),
    path("orders/<uuid:fill_id>/fill/", views.fill_order, name="fill"),
    path("orders/<uuid:fill_id>/ship/", views.ship, name="ship"),
    path("orders/<uuid:fill_id>/event/", views.delivery_event, name="event"),
    path("orders/<uuid:fill_id>/label/", views.label, name="label"),
    path("dispensing/", views.dispensing_record, name="dispensing"),
    path(
        "dispensing/patients/<uuid:patient_id>/",
        views.patient_dispensing_record,
        name="patient_dispensing",
    ),
    path("refills/", views.refills, name="refills"),
    path("refills/<uuid:request_id>/", views.refill_request, name="refill_request"),
    path("refills/<uuid:request_id>/approve/", views.approve_refill, name="approve_refill"),
    path("my-orders/", views.orders, name="orders"),
    path("my-orders/<uuid:prescription_id>/refill/", views.ask_for_refill, name="ask_for_refill"),
]
