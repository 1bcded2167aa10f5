from django.contrib.sitemaps.views import sitemap
from django.urls import path

from content import editorial, views
from content.seo import SITEMAPS, ArticleFeed

app_name = "content"

PAGES = {
    "how-it-works/": ("how-it-works", "how_it_works"),
    "faq/": ("faq", "faq"),
    "safety/": ("safety", "safety"),
    "privacy/": ("privacy", "privacy"),
    "terms/": ("terms", "terms"),
}

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="articles"),
    path("articles/feed/", ArticleFeed(), name="feed"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("pricing/", views.pricing, name="pricing"),
    path("service-area/", views.service_area, name="service_area"),
    *(path(route, views.page, {"slug": slug}, name=name) for route, (slug, name) in PAGES.items()),
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/waitlist/", views.join_waitlist, name="join_waitlist"),
    path("newsletter/check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("newsletter/confirm/<str:code>/", views.confirm_subscription, name="confirm_subscription"),
    path("newsletter/unsubscribe/<uuid:token>/", views.unsubscribe, name="unsubscribe"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Editors and clinicians.
    path("editorial/", editorial.dashboard, name="editorial"),
    path("editorial/articles/new/", editorial.article_new, name="editorial_article_new"),
    path("editorial/articles/<int:pk>/", editorial.article_detail, name="editorial_article"),
    path(
        "editorial/articles/<int:pk>/edit/", editorial.article_edit, name="editorial_article_edit"
    ),
    path("editorial/articles/<int:pk>/submit/", editorial.article_submit, name="editorial_submit"),
    path(
        "editorial/articles/<int:pk>/approve/", editorial.article_approve, name="editorial_approve"
    ),
    path(
        "editorial/articles/<int:pk>/request-changes/",
        editorial.article_request_changes,
        name="editorial_request_changes",
    ),
    path(
        "editorial/articles/<int:pk>/history/", editorial.article_history, name="editorial_history"
    ),
    path(
        "editorial/articles/<int:pk>/history/<int:number>/",
        editorial.revision_detail,
        name="editorial_revision",
    ),
    path(
        "editorial/articles/<int:pk>/history/<int:number>/restore/",
        editorial.revision_restore,
        name="editorial_restore",
    ),
    path("editorial/references/", editorial.citation_list, name="editorial_citations"),
    path("editorial/references/new/", editorial.citation_edit, name="editorial_citation_new"),
    path("editorial/references/<int:pk>/", editorial.citation_edit, name="editorial_citation_edit"),
]
