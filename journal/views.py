"""The patient's journal pages, phone-first. Each view parses, calls one verb, renders.

Every page fetches the record through ``access_patient`` and opens only the signed-in
patient's own journal; the progress page also opens to a clinician licensed in the
patient's state. Anyone else gets a 404 and the refusal is audited.
"""

import csv
import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.events import record_event
from journal import actions, exercises, outcomes, safety
from journal.forms import (
    SIDE_EFFECT_LABELS,
    AfterLogForm,
    CheckInForm,
    ExerciseLogForm,
    SafetyCheckForm,
)
from journal.instruments import INSTRUMENTS, InstrumentCode
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from journal.progress import score_series
from patients.access import Scope, access_patient
from patients.models import Patient
from patients.portal import own_record

CHECK_IN_CHOICES = (
    InstrumentCode.PEG,
    InstrumentCode.PHQ9,
    InstrumentCode.GAD7,
    InstrumentCode.PC_PTSD5,
)


def own_journal(request: HttpRequest, public_id: uuid.UUID, action: str) -> Patient:
    """The patient, when the signed-in person is that patient; a 404 for anyone else."""
    user: Any = request.user
    patient = access_patient(user, public_id, scope=Scope.CLINICAL, action=action)
    if patient.user_id != user.pk:
        record_event("patient.access_refused", actor=user, target=patient, patient=patient)
        raise Http404("No such patient")
    return patient


def _now_local(patient: Patient) -> dt.datetime:
    return timezone.now().astimezone(actions.patient_zone(patient))


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
    prescription = actions.current_prescription(patient)
    fill = actions.current_fill(patient, prescription) if prescription is not None else None
    # The window after the latest session; a new session's window replaces older ones.
    latest = patient.home_sessions.filter(finished_at__isnull=False).order_by("-finished_at")
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
            "fill": fill,
            "units_left": actions.units_left(fill) if fill is not None else None,
            "exercises_due": [(log, exercises.EXERCISES[log.exercise]) for log in due],
            "check_ins": [INSTRUMENTS[code] for code in CHECK_IN_CHOICES],
            "check_ins_due": patient.check_ins.filter(completed_at__isnull=True).order_by("due_on"),
            "progress": actions.gmi_progress(patient),
        },
    )


# A home session ---------------------------------------------------------------------------


def _safety_context(patient: Patient, form: SafetyCheckForm, **extra: Any) -> dict[str, Any]:
    plan = actions.current_plan(patient)
    prescription = actions.current_prescription(patient)
    return {
        "patient": patient,
        "form": form,
        "limits": plan.limits.safety if plan is not None else None,
        "prescription": prescription,
        "fill": actions.current_fill(patient, prescription) if prescription else None,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def safety_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.session_viewed")
    prescription = actions.current_prescription(patient)
    plan = actions.current_plan(patient)
    fill = actions.current_fill(patient, prescription) if prescription is not None else None
    if request.method == "GET" or prescription is None or plan is None or fill is None:
        return render(request, "journal/safety.html", _safety_context(patient, SafetyCheckForm()))
    form = SafetyCheckForm(request.POST)
    if not form.is_valid():
        return render(request, "journal/safety.html", _safety_context(patient, form), status=400)
    data = form.cleaned_data
    result = actions.do_check_session_safety(
        patient,
        by=request.user,
        readings=safety.VitalSigns(
            data["systolic"], data["diastolic"], data["heart_rate"], timezone.now()
        ),
        checklist=safety.SessionChecklist(
            data["monitor_present"],
            data["nothing_eaten_for_two_hours"],
            data["no_driving_for_rest_of_day"],
            data["safe_place_to_rest"],
        ),
    )
    if not result.verdict.may_start:
        return render(
            request,
            "journal/safety.html",
            _safety_context(
                patient, form, verdict=result.verdict, flagged=result.clinician_flagged
            ),
        )
    offer = actions.offer_for(patient, prescription, plan, fill)
    return render(
        request,
        "journal/ready.html",
        {"patient": patient, "check": result.check, "offer": offer, "prescription": prescription},
    )


@login_required
@require_POST
def start_session(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = own_journal(request, public_id, "journal.session_viewed")
    check = (
        SafetyCheck.objects.filter(patient=patient, public_id=request.POST.get("check", "")).first()
        if _is_uuid(request.POST.get("check", ""))
        else None
    )
    if check is None:
        return redirect("journal:safety", public_id=patient.public_id)
    try:
        session = actions.do_start_home_session(patient, by=request.user, safety_check=check)
    except actions.JournalRefused as refused:
        return render(
            request,
            "journal/refused.html",
            {"patient": patient, "reasons": refused.reasons},
            status=409,
        )
    return redirect("journal:during", public_id=patient.public_id, session_id=session.public_id)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _session(patient: Patient, session_id: uuid.UUID) -> HomeSession:
    return get_object_or_404(
        HomeSession.objects.select_related("prescription"), patient=patient, public_id=session_id
    )


def _during_context(patient: Patient, session: HomeSession, form: AfterLogForm) -> dict[str, Any]:
    zone = actions.patient_zone(patient)
    started = session.started_at.astimezone(zone)
    return {
        "patient": patient,
        "session": session,
        "form": form,
        "started": started,
        "hold_until": started + dt.timedelta(minutes=session.prescription.hold_minutes),
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
        data = form.cleaned_data
        pressure = (
            safety.BloodPressure(data["after_systolic"], data["after_diastolic"])
            if data["after_systolic"] is not None and data["after_diastolic"] is not None
            else None
        )
        try:
            actions.do_finish_home_session(
                session,
                by=request.user,
                after_log=safety.AfterSessionLog(
                    pain_now=data["pain_now"],
                    dissociation=data["dissociation"],
                    side_effects=frozenset(safety.SideEffect(e) for e in data["side_effects"]),
                    blood_pressure=pressure,
                    self_harm_thoughts=data["self_harm_thoughts"],
                    note=data["note"],
                ),
            )
        except actions.JournalRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            return redirect(
                "journal:after", public_id=patient.public_id, session_id=session.public_id
            )
    return render(
        request, "journal/during.html", _during_context(patient, session, form), status=400
    )


def stored_after_log(session: HomeSession) -> safety.AfterSessionLog:
    pressure = (
        safety.BloodPressure(session.after_systolic, session.after_diastolic)
        if session.after_systolic is not None and session.after_diastolic is not None
        else None
    )
    return safety.AfterSessionLog(
        pain_now=session.pain_now or 0,
        dissociation=session.dissociation or 0,
        side_effects=frozenset(safety.SideEffect(e) for e in session.side_effects),
        blood_pressure=pressure,
        self_harm_thoughts=session.self_harm_thoughts,
        note=session.note,
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
            "red_flags": safety.red_flags(stored_after_log(session)),
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
            form.add_error(None, "This exercise is already logged.")
        elif form.is_valid():
            try:
                actions.do_log_exercise(
                    patient,
                    by=request.user,
                    exercise=log.exercise,
                    completed=form.cleaned_data["completed"],
                    discomfort=form.cleaned_data["discomfort"],
                    note=form.cleaned_data["note"],
                    scheduled=log,
                )
            except actions.JournalRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, reason)
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
            "progress": actions.gmi_progress(patient),
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
    definition = INSTRUMENTS[code]
    if request.method == "GET":
        form = CheckInForm(definition)
        return render(request, "journal/check_in.html", {"patient": patient, "form": form})
    form = CheckInForm(definition, request.POST)
    if form.is_valid():
        try:
            done = actions.do_complete_check_in(
                patient, by=request.user, instrument=code, responses=form.responses()
            )
        except actions.JournalRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
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
            "instrument": INSTRUMENTS[InstrumentCode(done.instrument)],
            "crisis": bool(done.score.get("crisis")),
        },
    )


# Progress, summary and download -----------------------------------------------------------


@login_required
@require_GET
def progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The patient's progress; a clinician licensed in their state may open it too."""
    patient = access_patient(
        request.user, public_id, scope=Scope.CLINICAL, action="journal.progress_viewed"
    )
    return render(
        request,
        "journal/progress.html",
        {
            "patient": patient,
            "charts": score_series(patient),
            "is_own": patient.user_id == request.user.pk,
            "gmi": actions.gmi_progress(patient),
        },
    )


_RED_FLAG_WORDS = {
    safety.RedFlagKind.SELF_HARM_THOUGHTS: "Thoughts of self-harm",
    safety.RedFlagKind.VERY_HIGH_BLOOD_PRESSURE: "Very high blood pressure",
    safety.RedFlagKind.SEVERE_REACTION: "Severe reaction",
    safety.RedFlagKind.BLADDER_SYMPTOMS: "Bladder symptoms",
}


def _side_effect_words(session: HomeSession) -> list[str]:
    words = [SIDE_EFFECT_LABELS.get(safety.SideEffect(e), e) for e in session.side_effects]
    return words + [_RED_FLAG_WORDS.get(safety.RedFlagKind(f), f) for f in session.red_flags]


@login_required
@require_GET
def summary(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The journal and results on one print-friendly page, for the patient to keep or share."""
    patient = access_patient(
        request.user, public_id, scope=Scope.CLINICAL, action="journal.summary_viewed"
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
    fill = actions.current_fill(patient)
    response = render(
        request,
        "journal/summary.html",
        {
            "patient": patient,
            "is_own": patient.user_id == request.user.pk,
            "printed_on": timezone.now().astimezone(zone),
            "sessions": sessions,
            "fill": fill,
            "units_left": actions.units_left(fill) if fill is not None else None,
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
            "gmi": actions.gmi_progress(patient),
            "adverse_events": [
                (event, event.reported_at.astimezone(zone))
                for event in patient.adverse_events.order_by("reported_at")
            ],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


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
                _cell(session.note),
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
                _cell(log.note),
            ]
        )
    return response
