"""The public site: articles, conditions, pages, the service area and the newsletter.

Thin views: parse, call one verb or query, render. Nothing here needs an account.

Articles, conditions and pages are shown in the language of the address: under /es/ the
Spanish twin where there is one, else the English text, which the page then marks with
its own language (`content_language`) so a screen reader reads it in the right voice.
"""

import uuid
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from billing.models import active_plans, lowest_active_plan
from content import actions
from content.actions import SubscriptionLinkExpired, WorkflowError
from content.coverage import Outcome, check_coverage, county_label, state_label
from content.forms import SubscribeForm, WaitlistForm
from content.models import (
    Article,
    Audience,
    Citation,
    Condition,
    Page,
    Subscriber,
)
from content.seo import Reference, absolute, article_json_ld, page_json_ld
from foundation import ratelimit
from foundation.language import page_language
from foundation.replica import reads_from_replica
from servicearea import places

# Sign-ups allowed from one address in the window, and the window in seconds.
SIGNUP_LIMIT = (5, 10 * 60)
ZIP_CHECK_LIMIT = (60, 10 * 60)
ZIP_INPUT_MAX = 20
COUNTY_INPUT_MAX = 100

RELATED_ARTICLES = 3


def _seo(
    request: HttpRequest,
    title: str,
    description: str,
    *,
    og_type: str = "website",
    json_ld: str | None = None,
) -> dict[str, Any]:
    return {
        "page_title": title,
        "meta_description": description,
        "og_type": og_type,
        "canonical_url": absolute(request.path),
        "json_ld": json_ld,
    }


def _content_language(language: str) -> dict[str, str]:
    """`content_language`: the language of the text shown when it is not the page's (an
    English page with no Spanish twin, under /es/); empty when they are the same."""
    return {"content_language": "" if language == page_language() else language}


@reads_from_replica
def home(request: HttpRequest) -> HttpResponse:
    description = _(
        "Physician-led, at-home ketamine treatment for CRPS, chronic pain, depression, anxiety "
        "and PTSD, with medication delivered to your door. From $250 a month in Florida and "
        "New Jersey."
    )
    context = {
        "latest_articles": Article.objects.public().in_language().order_by("-published_at")[:3],
        "conditions": Condition.objects.in_language(),
        "lowest_plan": lowest_active_plan(),
        "subscribe_form": SubscribeForm(auto_id="home_%s"),
        **_seo(request, _("At-home ketamine therapy, led by physicians"), description),
    }
    return render(request, "content/home.html", context)


@reads_from_replica
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.public().in_language().order_by("-published_at")
    description = _(
        "Plain-language articles on ketamine for CRPS, chronic pain, depression, anxiety, PTSD "
        "and ME/CFS, each with its evidence and reviewed by a clinician."
    )
    return render(
        request,
        "content/article_list.html",
        {"articles": articles, **_seo(request, _("Articles"), description)},
    )


def references_for(keys: list[str]) -> list[Reference]:
    """Numbered references in the order the article cites them (one query)."""
    citations = Citation.objects.in_bulk(keys, field_name="key") if keys else {}
    return [
        Reference(number=number, key=key, citation=citations.get(key))
        for number, key in enumerate(keys, start=1)
    ]


def related_articles(article: Article) -> list[Article]:
    """Up to three other articles in the reader's language: those sharing a condition
    first, then the newest. (Articles in any language name the English conditions.)"""
    named = Article.conditions.through.objects.filter(article_id=article.pk)
    shares = Article.conditions.through.objects.filter(
        article_id=OuterRef("pk"), condition_id__in=named.values("condition_id")
    )
    return list(
        Article.objects.public()
        .in_language()
        .exclude(slug=article.slug)
        .annotate(shares_condition=Exists(shares))
        .order_by("-shares_condition", "-published_at")[:RELATED_ARTICLES]
    )


def conditions_of(article: Article) -> list[Condition]:
    """The conditions an article is about, each in the reader's language (one query)."""
    named = Condition.objects.filter(articles=article).values("slug")
    return list(Condition.objects.in_language().filter(slug__in=named))


@reads_from_replica
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.public().in_language(), slug=slug)
    revision = article.published_revision
    assert revision is not None
    conditions = conditions_of(article)
    references = references_for(revision.citation_keys)
    context = {
        "article": article,
        "revision": revision,
        "conditions": conditions,
        "references": references,
        "related": related_articles(article),
        "subscribe_form": SubscribeForm(auto_id="article_%s"),
        **_content_language(article.language),
        **_seo(
            request,
            revision.title,
            revision.summary,
            og_type="article",
            json_ld=article_json_ld(article, references, conditions),
        ),
    }
    return render(request, "content/article_detail.html", context)


@reads_from_replica
def condition_list(request: HttpRequest) -> HttpResponse:
    description = _(
        "The conditions our physicians screen for and treat with at-home ketamine: CRPS, other "
        "chronic pain, depression, anxiety, social anxiety, PTSD and ME/CFS."
    )
    return render(
        request,
        "content/condition_list.html",
        {
            "conditions": Condition.objects.in_language(),
            **_seo(request, _("Conditions we treat"), description),
        },
    )


@reads_from_replica
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(Condition.objects.in_language(), slug=slug)
    articles = (
        Article.objects.public()
        .in_language()
        .filter(conditions__slug=slug)
        .order_by("-published_at")
    )
    return render(
        request,
        "content/condition_detail.html",
        {
            "condition": condition,
            "articles": articles,
            **_content_language(condition.language),
            **_seo(
                request,
                _("Ketamine for %(condition)s") % {"condition": condition.short_name},
                condition.summary,
                json_ld=page_json_ld(
                    condition.name, condition.summary, request.path, language=condition.language
                ),
            ),
        },
    )


@reads_from_replica
def page(request: HttpRequest, slug: str) -> HttpResponse:
    site_page = get_object_or_404(Page.objects.in_language(), slug=slug)
    return render(
        request,
        "content/page.html",
        {
            "page": site_page,
            **_content_language(site_page.language),
            **_seo(request, site_page.title, site_page.summary),
        },
    )


@reads_from_replica
def pricing(request: HttpRequest) -> HttpResponse:
    plans = list(active_plans())
    lowest = min(plans, key=lambda plan: plan.price_cents) if plans else None
    description = (
        _(
            "One monthly price from %(price)s a month: physician video consults, "
            "your medicine, shipping and check-ins. No sign-up or cancellation fees."
        )
        % {"price": lowest.price_display}
        if lowest
        else _("What at-home ketamine treatment with our physicians costs, and what it includes.")
    )
    return render(
        request,
        "content/pricing.html",
        {
            "plans": plans,
            "terms": Page.objects.in_language().filter(slug="pricing-terms").first(),
            **_seo(request, _("Pricing"), description),
        },
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


@require_http_methods(["GET", "POST"])
def service_area(request: HttpRequest) -> HttpResponse:
    """The counties we serve, and the ZIP checker (a POST, so no ZIP lands in a log)."""
    answer = None
    entered_zip = ""
    if request.method == "POST":
        if not ratelimit.allow(
            request, "content.zip_check", limit=ZIP_CHECK_LIMIT[0], per_seconds=ZIP_CHECK_LIMIT[1]
        ):
            return _too_many(request)
        entered_zip = request.POST.get("zip_code", "")[:ZIP_INPUT_MAX]
        answer = check_coverage(entered_zip, request.POST.get("county", "")[:COUNTY_INPUT_MAX])
    waitlist_state = answer.state if answer and answer.outcome == Outcome.ELSEWHERE else ""
    description = _(
        "We treat people in all 67 Florida counties and all 21 New Jersey counties. Check your "
        "ZIP code, or join the waitlist for your state."
    )
    return render(
        request,
        "content/service_area.html",
        {
            "answer": answer,
            "entered_zip": answer.zip_code if answer and answer.zip_code else entered_zip,
            "county_label": county_label(answer.state, answer.county)
            if answer and answer.county
            else "",
            "served_states": [
                {"code": code, "name": state_label(code), "counties": places.counties(code)}
                for code in places.SERVED_STATES
            ],
            "waitlist_form": WaitlistForm(initial={"state": waitlist_state}, auto_id="waitlist_%s"),
            "waitlist_state": waitlist_state,
            **_seo(request, _("Where we treat"), description),
        },
        status=400 if answer and answer.outcome == Outcome.MALFORMED else 200,
    )


def _signup_page(request: HttpRequest, form: SubscribeForm, *, waitlist: bool) -> HttpResponse:
    description = _("Get new research on ketamine treatment in your inbox, about once a month.")
    return render(
        request,
        "content/newsletter/signup.html",
        {
            "subscribe_form": form if not waitlist else SubscribeForm(auto_id="signup_%s"),
            "waitlist_form": form if waitlist else WaitlistForm(auto_id="waitlist_%s"),
            **_seo(request, _("Newsletter and waitlist"), description),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _signup_page(request, SubscribeForm(auto_id="signup_%s"), waitlist=False)
    if not ratelimit.allow(
        request, "content.signup", limit=SIGNUP_LIMIT[0], per_seconds=SIGNUP_LIMIT[1]
    ):
        return _too_many(request)
    form = SubscribeForm(request.POST, auto_id="signup_%s")
    if not form.is_valid():
        return _signup_page(request, form, waitlist=False)
    if not form.is_bot():
        actions.do_subscribe(form.cleaned_data["email"], audience=Audience.NEWSLETTER)
    return redirect("content:check_inbox")


@require_POST
def join_waitlist(request: HttpRequest) -> HttpResponse:
    if not ratelimit.allow(
        request, "content.signup", limit=SIGNUP_LIMIT[0], per_seconds=SIGNUP_LIMIT[1]
    ):
        return _too_many(request)
    form = WaitlistForm(request.POST, auto_id="waitlist_%s")
    if not form.is_valid():
        return _signup_page(request, form, waitlist=True)
    if not form.is_bot():
        actions.do_subscribe(
            form.cleaned_data["email"],
            audience=Audience.WAITLIST,
            state=form.cleaned_data["state"],
        )
    return redirect("content:check_inbox")


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/newsletter/check_inbox.html",
        _seo(request, _("Check your inbox"), _("Confirm your sign-up from the email we sent.")),
    )


@require_http_methods(["GET", "POST"])
def confirm_subscription(request: HttpRequest, code: str) -> HttpResponse:
    """GET shows a button (so a mail scanner opening the link confirms nothing); POST confirms."""
    context = _seo(request, _("Confirm your sign-up"), _("Confirm your email address."))
    try:
        if request.method == "POST":
            subscriber = actions.do_confirm_subscription(code)
            context["subscriber"] = subscriber
            return render(request, "content/newsletter/confirmed.html", context)
        context["subscriber"] = actions.subscriber_for_code(code)
    except SubscriptionLinkExpired:
        context["problem"] = "expired"
    except WorkflowError:
        context["problem"] = "invalid"
    if "problem" in context:
        context["subscribe_form"] = SubscribeForm(auto_id="signup_%s")
        return render(request, "content/newsletter/link_problem.html", context, status=400)
    return render(request, "content/newsletter/confirm.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """GET shows a one-button page; POST unsubscribes at once. The POST also serves
    RFC 8058 one-click requests from mail clients, which carry no CSRF token; the
    unguessable token in the address is what authorises it."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise Http404("No such subscription")
    context = {
        "subscriber": subscriber,
        **_seo(request, _("Unsubscribe"), _("Stop emails from us.")),
    }
    if request.method == "POST":
        actions.do_unsubscribe(subscriber)
        return render(request, "content/newsletter/unsubscribed.html", context)
    return render(request, "content/newsletter/unsubscribe.html", context)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /editorial/",
        "Disallow: /patients/",
        "Disallow: /newsletter/",
        f"Sitemap: {absolute(reverse('content:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
