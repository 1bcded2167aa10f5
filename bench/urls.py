from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from ketaclinic.urls import urlpatterns as site_patterns


def bare(request: HttpRequest) -> HttpResponse:
    """The floor: a view that does nothing but answer, behind the same middleware."""
    return HttpResponseRedirect("/bench/bare/")


urlpatterns = [
    path("bench/bare/", bare),
    # The site's patterns at the root, where Django looks for its language prefix.
    *site_patterns,
]
