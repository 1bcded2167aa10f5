from django.urls import path

from care import views

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
]
