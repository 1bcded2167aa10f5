from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("format/", views.format_documentation, name="format"),
    path("mine/", views.my_record, name="my_record"),
    path("mine/<uuid:export_id>/<slug:file>/", views.my_record_file, name="my_record_file"),
    path("exports/", views.exports, name="exports"),
    path("exports/<uuid:export_id>/download/", views.export_file, name="export_file"),
]
