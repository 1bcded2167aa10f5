"""The patient's journal pages, phone-first. Each view parses, calls one verb, renders.

Every page fetches the record through ``access_patient`` and opens only the signed-in
patient's own journal; the progress page also opens to a clinician licensed in the
patient's state. Anyone else gets a 404 and the refusal is audited.
"""

import csv
import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import signed_in
from audit.events import record_event
from care.holds import open_holds
from clinical import exercises, outcomes, safety
from clinical.holds import CRISIS_FLAGS, FlagKind
from foundation.spreadsheet import safe_cell
from journal import actions
from journal.clinical_words import clinical_words, gmi_words
from journal.forms import (
    SIDE_EFFECT_LABELS,
    AfterLogForm,
    CheckInForm,
    ExerciseLogForm,
    SafetyCheckForm,
)
from journal.models import CheckIn, ExerciseLog, HomeSession
from journal.progress import score_series
from patients.access import Scope, access_patient
from patients.models import Patient
from patients.portal import own_record
from questionnaires.instruments import INSTRUMENTS, InstrumentCode, language_of

DEFAULT_HOLD_MINUTES = 15
"""Time under the tongue shown for a session recorded without a prescription."""

CHECK_IN_CHOICES = (
    InstrumentCode.PEG,
    InstrumentCode.PHQ9,
    InstrumentCode.GAD7,
    InstrumentCode.PCL5,
)


def own_journal(request: HttpRequest, public_id: uuid.UUID, action: str) -> Patient:
    """The patient, when the signed-in person is that patient; a 404 for anyone else."""
    user = signed_in(request)
    patient = access_patient(user, public_id, scope=Scope.CLINICAL, action=action)
    if patient.user_id != user.pk:
        record_event("patient.access_refused", actor=user, target=patient, patient=patient)
        raise Http404("No such patient")
    return patient


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    patient = own_record(request, scope=Scope.CLINICAL, action="journal.viewed")
    if patient is None:
        return redirect("accounts:home")
    return redirect("journal:overview", public_id=patient.public_id)


@login_required
@require_GET
def overview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.viewed")
    open_session = patient.home_sessions.filter(finished_at__isnull=True).first()
    prescription = actions.active_prescription(patient)
    on_hand, _ = actions.supply_for_session(patient, timezone.now())
    # The window after the latest session; a new session's window replaces older ones.
    latest = patient.home_sessions.filter(finished_at__isnull=False).order_by("-finished_at")
    language = translation.get_language()
    due = (
        patient.exercise_logs.filter(
            done_at__isnull=True, scheduled_for__isnull=False, session=latest[:1]
        )
        .order_by("scheduled_for")
        .select_related("session")
    )
    return render(
        request,
        "journal/overview.html",
        {
            "patient": patient,
            "open_session": open_session,
            "prescription": prescription,
            "on_hand": on_hand,
            "holds": [clinical_words(hold.plain) for hold in sorted(open_holds(patient))],
            "exercises_due": [(log, exercises.EXERCISES[log.exercise]) for log in due],
            "check_ins": [INSTRUMENTS.in_language(code, language) for code in CHECK_IN_CHOICES],
            "check_ins_due": [
                (INSTRUMENTS.in_language(InstrumentCode(due.instrument), language).title, due)
                for due in patient.check_ins.filter(completed_at__isnull=True).order_by("due_on")
            ],
            "progress": gmi_words(actions.gmi_progress(patient)),
        },
    )


# A home session ---------------------------------------------------------------------------


def _session_page(
    request: HttpRequest,
    patient: Patient,
    form: SafetyCheckForm,
    *,
    refusals: list[safety.Refusal],
    refused_check: Any = None,
    crisis: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The page before a session: what stops a dose now, or the check that starts one."""
    now = timezone.now()
    plan = actions.current_plan(patient, now)
    if refusals:
        # After a refused attempt, say what holds from now on too: a second refusal today
        # means no dose today, whatever refused it.
        later = [r for r in actions.dosing_blockers(patient, now) if r not in refusals]
        refusals = [*refusals, *(r for r in later if r.code is safety.SessionRefusal.NO_DOSE_TODAY)]
    codes = {refusal.code for refusal in refusals}
    recheck = actions.recheck_from(patient, now) if refusals else None
    return render(
        request,
        "journal/safety.html",
        {
            "patient": patient,
            "form": form,
            "limits": plan.limits.safety if plan is not None else None,
            "prescription": actions.active_prescription(patient),
            "refusals": [
                dataclasses.replace(refusal, what_to_do=clinical_words(refusal.what_to_do))
                for refusal in refusals
            ],
            "refused_check": refused_check,
            "no_dose_today": safety.SessionRefusal.NO_DOSE_TODAY in codes,
            "recheck_from": recheck.astimezone(actions.patient_zone(patient)) if recheck else None,
            "crisis": crisis or safety.SessionRefusal.SUICIDALITY_HOLD in codes,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The safety check and the start of a session, in one step: the verb is the gate."""
    patient = own_journal(request, public_id, "journal.session_viewed")
    if request.method == "GET":
        return _session_page(
            request, patient, SafetyCheckForm(), refusals=actions.dosing_blockers(patient)
        )
    form = SafetyCheckForm(request.POST)
    if not form.is_valid():
        blockers = actions.dosing_blockers(patient)
        return _session_page(request, patient, form, refusals=blockers, status=400)
    checklist = form.checklist()
    start = actions.do_start_home_session(
        patient, by=signed_in(request), readings=form.readings(), checklist=checklist
    )
    if start.session is None:
        return _session_page(
            request,
            patient,
            SafetyCheckForm(),
            refusals=list(start.verdict.refusals),
            refused_check=start.check,
            crisis="no_self_harm_thoughts" in checklist.unmet(),
            status=409,
        )
    return redirect(
        "journal:during", public_id=patient.public_id, session_id=start.session.public_id
    )


def _session(patient: Patient, session_id: uuid.UUID) -> HomeSession:
    return get_object_or_404(
        HomeSession.objects.select_related("prescription"), patient=patient, public_id=session_id
    )


def _during_context(patient: Patient, session: HomeSession, form: AfterLogForm) -> dict[str, Any]:
    zone = actions.patient_zone(patient)
    started = session.started_at.astimezone(zone)
    hold = session.prescription.hold_minutes if session.prescription else DEFAULT_HOLD_MINUTES
    return {
        "patient": patient,
        "session": session,
        "form": form,
        "started": started,
        "hold_until": started + dt.timedelta(minutes=hold),
        "settled_by": started + dt.timedelta(hours=2),
    }


@login_required
@require_http_methods(["GET", "POST"])
def during(request: HttpRequest, public_id: uuid.UUID, session_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.session_viewed")
    session = _session(patient, session_id)
    if session.is_finished:
        return redirect("journal:after", public_id=patient.public_id, session_id=session.public_id)
    if request.method == "GET":
        return render(
            request, "journal/during.html", _during_context(patient, session, AfterLogForm())
        )
    form = AfterLogForm(request.POST)
    if form.is_valid():
        try:
            actions.do_finish_home_session(
                session, by=signed_in(request), after_log=form.after_log()
            )
        except actions.JournalRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, clinical_words(reason))
        else:
            return redirect(
                "journal:after", public_id=patient.public_id, session_id=session.public_id
            )
    return render(
        request, "journal/during.html", _during_context(patient, session, form), status=400
    )


@login_required
@require_GET
def after(request: HttpRequest, public_id: uuid.UUID, session_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.session_viewed")
    session = _session(patient, session_id)
    if not session.is_finished:
        return redirect("journal:during", public_id=patient.public_id, session_id=session.public_id)
    zone = actions.patient_zone(patient)
    logs = session.exercise_logs.order_by("scheduled_for")
    return render(
        request,
        "journal/after.html",
        {
            "patient": patient,
            "session": session,
            "flags": [
                (FlagKind(flag), clinical_words(safety.FLAG_ADVICE[FlagKind(flag)]))
                for flag in session.red_flags
                if flag in safety.FLAG_ADVICE
            ],
            "crisis": any(flag in CRISIS_FLAGS for flag in session.red_flags),
            "window": [
                (log, exercises.EXERCISES[log.exercise], log.scheduled_for.astimezone(zone))
                for log in logs
                if log.scheduled_for is not None
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exercise(request: HttpRequest, public_id: uuid.UUID, log_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.exercise_viewed")
    log = get_object_or_404(ExerciseLog, patient=patient, public_id=log_id)
    definition = exercises.EXERCISES[log.exercise]
    form = ExerciseLogForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if log.done_at is not None:
            form.add_error(None, gettext("This exercise is already logged."))
        elif form.is_valid():
            try:
                actions.do_log_exercise(
                    patient,
                    by=signed_in(request),
                    exercise=log.exercise,
                    completed=form.cleaned_data["completed"],
                    discomfort=form.cleaned_data["discomfort"],
                    note=form.cleaned_data["note"],
                    scheduled=log,
                )
            except actions.JournalRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, clinical_words(reason))
            else:
                return redirect("journal:overview", public_id=patient.public_id)
        status = 400
    return render(
        request,
        "journal/exercise.html",
        {
            "patient": patient,
            "log": log,
            "exercise": definition,
            "form": form,
            "progress": gmi_words(actions.gmi_progress(patient)),
            "textures": exercises.TEXTURES,
        },
        status=status,
    )


# Check-ins --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, public_id: uuid.UUID, instrument: str) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.check_in_viewed")
    try:
        code = InstrumentCode(instrument)
    except ValueError:
        raise Http404("No such check-in") from None
    # The page's language picks the wording: /es/ asks the Spanish (the practice's published
    # translation when it supplied one, otherwise ours, marked as adapted).
    language = language_of(translation.get_language())
    definition = INSTRUMENTS.in_language(code, language)
    if request.method == "GET":
        form = CheckInForm(definition)
        return render(request, "journal/check_in.html", {"patient": patient, "form": form})
    form = CheckInForm(definition, request.POST)
    if form.is_valid():
        try:
            done = actions.do_complete_check_in(
                patient,
                by=signed_in(request),
                instrument=code,
                responses=form.responses(),
                language=language,
            )
        except actions.JournalRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, clinical_words(reason))
        else:
            return redirect(
                "journal:check_in_done",
                public_id=patient.public_id,
                check_in_id=done.check_in.public_id,
            )
    return render(request, "journal/check_in.html", {"patient": patient, "form": form}, status=400)


@login_required
@require_GET
def check_in_done(
    request: HttpRequest, public_id: uuid.UUID, check_in_id: uuid.UUID
) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.check_in_viewed")
    done = get_object_or_404(
        CheckIn, patient=patient, public_id=check_in_id, completed_at__isnull=False
    )
    return render(
        request,
        "journal/check_in_done.html",
        {
            "patient": patient,
            "check_in": done,
            "instrument": INSTRUMENTS.in_language(
                InstrumentCode(done.instrument), translation.get_language()
            ),
            "crisis": bool(done.score.get("crisis")),
        },
    )


# Progress, summary and download -----------------------------------------------------------


@login_required
@require_GET
def progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The patient's progress; a clinician licensed in their state may open it too."""
    patient = access_patient(
        signed_in(request), public_id, scope=Scope.CLINICAL, action="journal.progress_viewed"
    )
    return render(
        request,
        "journal/progress.html",
        {
            "patient": patient,
            "charts": score_series(patient),
            "is_own": patient.user_id == request.user.pk,
            "gmi": gmi_words(actions.gmi_progress(patient)),
        },
    )


_FLAG_WORDS = {
    FlagKind.SELF_HARM: gettext_lazy("Thoughts of self-harm"),
    FlagKind.VERY_HIGH_BP: gettext_lazy("Very high blood pressure"),
    FlagKind.SEVERE_REACTION: gettext_lazy("Severe reaction"),
    FlagKind.BLADDER: gettext_lazy("Bladder symptoms"),
    FlagKind.HIGH_DISSOCIATION: gettext_lazy("Very strong dissociation"),
    FlagKind.VOMITING: gettext_lazy("Vomiting"),
}


def _side_effect_words(session: HomeSession) -> list[str]:
    words = [
        str(SIDE_EFFECT_LABELS.get(safety.SideEffect(e), e))
        for e in session.side_effects
        if e in safety.SideEffect.__members__.values()
    ]
    flags = [str(_FLAG_WORDS[FlagKind(f)]) for f in session.red_flags if f in _FLAG_WORDS]
    return words + flags


@login_required
@require_GET
def summary(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The journal and results on one print-friendly page, for the patient to keep or share."""
    patient = access_patient(
        signed_in(request), public_id, scope=Scope.CLINICAL, action="journal.summary_viewed"
    )
    zone = actions.patient_zone(patient)
    sessions = [
        (session, session.started_at.astimezone(zone), _side_effect_words(session))
        for session in patient.home_sessions.order_by("started_at")
    ]
    series = score_series(patient)
    screens = patient.check_ins.filter(
        completed_at__isnull=False, instrument=InstrumentCode.PC_PTSD5
    ).order_by("completed_at")
    done = patient.exercise_logs.filter(done_at__isnull=False).order_by("done_at")
    on_hand, _ = actions.supply_for_session(patient, timezone.now())
    response = render(
        request,
        "journal/summary.html",
        {
            "patient": patient,
            "is_own": patient.user_id == request.user.pk,
            "printed_on": timezone.now().astimezone(zone),
            "sessions": sessions,
            "on_hand": on_hand,
            "series": [
                (
                    one,
                    [
                        (
                            point,
                            outcomes.percent_change(one.points[0].score, point.score)
                            if index
                            else None,
                        )
                        for index, point in enumerate(one.points)
                    ],
                )
                for one in series
            ],
            "screens": [
                (c.completed_at.astimezone(zone), c.score.get("plain", ""))
                for c in screens
                if c.completed_at is not None
            ],
            "exercises_done": [
                (log, exercises.EXERCISES[log.exercise], log.done_at.astimezone(zone))
                for log in done
                if log.done_at is not None
            ],
            "gmi": gmi_words(actions.gmi_progress(patient)),
            "adverse_events": [
                (event, event.reported_at.astimezone(zone))
                for event in patient.adverse_events.order_by("reported_at")
            ],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.downloaded")
    zone = actions.patient_zone(patient)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["record", "when", "what", "result", "details", "note"])

    def when(moment: dt.datetime | None) -> str:
        return moment.astimezone(zone).isoformat(timespec="minutes") if moment else ""

    if patient.assessment is not None:
        for one in score_series(patient):
            if one.points and one.from_assessment:
                writer.writerow(
                    [
                        "assessment",
                        when(patient.assessment.completed_at),
                        one.title,
                        one.points[0].score,
                        "baseline",
                        "",
                    ]
                )
    for session in patient.home_sessions.order_by("started_at"):
        writer.writerow(
            [
                "home session",
                when(session.started_at),
                f"{session.units_taken} units, {session.mg} mg",
                f"pain now {session.pain_now}; detached {session.dissociation}"
                if session.is_finished
                else "not finished",
                "; ".join(session.side_effects + session.red_flags),
                safe_cell(session.note),
            ]
        )
    for done in patient.check_ins.filter(completed_at__isnull=False).order_by("completed_at"):
        writer.writerow(
            [
                "check-in",
                when(done.completed_at),
                INSTRUMENTS[InstrumentCode(done.instrument)].title,
                done.score.get("total", ""),
                done.score.get("severity") or "",
                "",
            ]
        )
    for log in patient.exercise_logs.filter(done_at__isnull=False).order_by("done_at"):
        writer.writerow(
            [
                "exercise",
                when(log.done_at),
                exercises.EXERCISES[log.exercise].title,
                "finished" if log.completed else "not finished",
                f"discomfort {log.discomfort}",
                safe_cell(log.note),
            ]
        )
    return response
