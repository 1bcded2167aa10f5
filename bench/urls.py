from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """The floor: a view that does nothing but answer, behind the same middleware."""
    return HttpResponseRedirect("/bench/bare/")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("ketaclinic.urls")),
]
