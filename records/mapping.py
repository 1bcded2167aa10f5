"""Which FHIR R4 resource each kind of record becomes, and how.

One `Mapping` per model that holds a patient's data (and the few the practice needs to
read them back: consent texts, plans, its people). Each builds the resource's FHIR
elements from one row and carries the row itself in the `stored-record` extension
(`records.stored`). docs/ehi-export.md describes every mapping and what is left out.
"""

import base64
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from accounts.models import RoleGrant, User
from accounts.roles import STAFF_ROLES, Role
from assessment.models import Assessment
from billing.models import Invoice, Plan, Subscription
from care import models as care
from credentials.models import DeaRegistration, Licence
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from patients import models as patients
from pharmacy.models import Fill, RefillRequest, Shipment, ShipmentEvent
from records import stored

JSON = dict[str, Any]

LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
KETACLINIC = "https://ketaclinic.org/fhir/CodeSystem"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
KETAMINE_RXNORM = "6130"
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition"


class People:
    """Who a user is in FHIR: their Patient, their Practitioner, or a Person."""

    def __init__(self) -> None:
        # Every patient's account and record id, as two sorted arrays of 8-byte numbers
        # rather than a dict (about 100 bytes an entry): 16 MB at a million patients.
        pairs = patients.Patient.objects.values_list("user_id", "pk").order_by("user_id")
        self.patient_users, self.patient_ids = array("q"), array("q")
        for user_id, patient_id in pairs.iterator(chunk_size=10_000):
            self.patient_users.append(user_id)
            self.patient_ids.append(patient_id)
        staff = RoleGrant.objects.filter(role__in=STAFF_ROLES).values_list("user_id", flat=True)
        self.staff_names = dict(
            User.objects.filter(pk__in=staff).values_list("pk", "full_name").order_by("pk")
        )

    def ref(self, user_id: int | None) -> JSON | None:
        if user_id is None:
            return None
        at = bisect_left(self.patient_users, user_id)
        if at < len(self.patient_users) and self.patient_users[at] == user_id:
            return {"reference": f"Patient/patient-{self.patient_ids[at]}"}
        if user_id in self.staff_names:
            return {
                "reference": f"Practitioner/user-{user_id}",
                "display": self.staff_names[user_id] or "A member of staff",
            }
        return {"reference": f"Person/user-{user_id}"}


Builder = Callable[[Any, People], JSON]


@dataclass(frozen=True)
class Mapping:
    model: type[models.Model]
    resource_type: str | Callable[[Any], str]
    build: Builder
    # The lookup from this model to its patient's primary key; None for practice-wide rows.
    patient_path: str | None
    # Models whose rows travel inside this one's resource.
    nested: tuple[type[models.Model], ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    only_rows: Callable[[models.QuerySet[Any]], models.QuerySet[Any]] = field(
        default=lambda rows: rows
    )

    @property
    def slug(self) -> str:
        return self.model._meta.model_name or ""

    def type_of(self, obj: models.Model) -> str:
        return (
            self.resource_type if isinstance(self.resource_type, str) else self.resource_type(obj)
        )

    def rows(self, patient_pk: int | None = None) -> models.QuerySet[Any]:
        rows = self.only_rows(self.model._default_manager.all())
        if patient_pk is not None:
            path = self.patient_path
            rows = rows.filter(**{path: patient_pk}) if path else rows.none()
        if self.related:
            rows = rows.select_related(*self.related)
        return rows.prefetch_related(*self.prefetch).order_by("pk")

    def resource(self, obj: models.Model, people: People) -> JSON:
        body = clean(self.build(obj, people))
        extensions = body.pop("extension", [])
        return {
            "resourceType": self.type_of(obj),
            "id": f"{self.slug}-{obj.pk}",
            **({"meta": {"profile": [body.pop("profile")]}} if "profile" in body else {}),
            "extension": [stored.extension(obj), *extensions],
            **body,
        }


# Small builders shared by the mappings ------------------------------------------------


def j(value: Any) -> Any:
    return stored.to_json(value)


def patient_ref(patient_id: int) -> JSON:
    return {"reference": f"Patient/patient-{patient_id}"}


def ref(resource_type: str, model: type[models.Model], pk: int | None) -> JSON | None:
    return None if pk is None else {"reference": f"{resource_type}/{model._meta.model_name}-{pk}"}


def text(words: str) -> JSON:
    return {"text": words}


def coded(system: str, code: str, display: str = "") -> JSON:
    coding = {"system": system, "code": code, **({"display": display} if display else {})}
    return {"coding": [coding], **({"text": display} if display else {})}


def category(code: str, display: str) -> list[JSON]:
    return [coded(OBSERVATION_CATEGORY, code, display)]


def quantity(value: Any, unit: str, code: str | None = None) -> JSON:
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}


def period(start: Any, end: Any) -> JSON:
    return {k: j(v) for k, v in (("start", start), ("end", end)) if v is not None}


def attachment(content_type: str, data: bytes, title: str = "") -> JSON:
    return {
        "contentType": content_type,
        "data": base64.b64encode(data).decode(),
        **({"title": title} if title else {}),
    }


def clean(resource: JSON) -> JSON:
    """Drops empty values: FHIR has no empty strings, lists or objects."""
    out: JSON = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = clean(value)
        elif isinstance(value, list):
            value = [clean(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value not in (None, "", {}, []):
            out[key] = value
    return out


def ketamine() -> JSON:
    return coded(RXNORM, KETAMINE_RXNORM, "ketamine")


# People ------------------------------------------------------------------------------


def build_patient(p: patients.Patient, people: People) -> JSON:
    address = {
        "use": "home",
        "line": [line for line in (p.address_line1, p.address_line2) if line],
        "city": p.city,
        "district": p.county,
        "state": p.state,
        "postalCode": p.zip_code,
        "country": "US",
    }
    contact = {
        "relationship": [
            coded("http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact")
        ],
        "name": {"text": p.emergency_contact_name},
        "telecom": [{"system": "phone", "value": p.emergency_contact_phone}],
    }
    user = p.user
    return clean(
        {
            "profile": f"{US_CORE}/us-core-patient",
            "extension": [stored.extension(user)]
            + [stored.extension(grant) for grant in user.role_grants.all()],
            "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{p.public_id}"}],
            "active": True,
            "name": [{"text": p.legal_name or user.full_name}],
            "telecom": [
                {"system": "phone", "value": p.phone, "use": "mobile"} if p.phone else None,
                {"system": "email", "value": user.email},
            ],
            "birthDate": j(p.date_of_birth),
            "address": [address],
            "contact": [contact] if p.emergency_contact_name else [],
        }
    )


def user_type(user: User) -> str:
    return (
        "Practitioner" if any(g.role in STAFF_ROLES for g in user.role_grants.all()) else "Person"
    )


def build_user(user: User, people: People) -> JSON:
    qualifications: list[JSON] = [
        {
            "extension": [stored.extension(licence)],
            "identifier": [
                {"system": f"urn:us-state-licence:{licence.state}", "value": licence.number}
            ],
            "code": text(f"Licence to practise medicine in {licence.state}"),
            "period": {"end": j(licence.expires_on)},
        }
        for licence in user.licences.all()
    ] + [
        {
            "extension": [stored.extension(dea)],
            "identifier": [{"system": "urn:oid:2.16.840.1.113883.4.814", "value": dea.number}],
            "code": text(f"DEA registration in {dea.state}, schedules {dea.schedules}"),
            "period": {"end": j(dea.expires_on)},
        }
        for dea in user.dea_registrations.all()
    ]
    body: JSON = {
        "name": [{"text": user.full_name}],
        "telecom": [{"system": "email", "value": user.email}],
    }
    if user_type(user) == "Practitioner":
        return clean(
            {"profile": f"{US_CORE}/us-core-practitioner", **body, "qualification": qualifications}
        )
    nested = [q["extension"][0] for q in qualifications]
    return clean({"extension": nested, **body})


def build_role(grant: RoleGrant, people: People) -> JSON:
    if grant.role in STAFF_ROLES:
        return {
            "practitioner": people.ref(grant.user_id),
            "code": [coded(f"{KETACLINIC}/role", grant.role, grant.get_role_display())],
            "period": {"start": j(grant.granted_at)},
        }
    return {"code": coded(f"{KETACLINIC}/role", grant.role, grant.get_role_display())}


def build_monitor(m: patients.TreatmentMonitor, people: People) -> JSON:
    return clean(
        {
            "patient": patient_ref(m.patient_id),
            "relationship": [text(m.relationship)],
            "name": [{"text": m.name}],
            "telecom": [{"system": "phone", "value": m.phone}],
        }
    )


# The record ---------------------------------------------------------------------------


def build_timeline(e: patients.TimelineEvent, people: People) -> JSON:
    return {
        "target": [patient_ref(e.patient_id)],
        "recorded": j(e.at),
        "activity": text(e.kind),
        "agent": [{"who": people.ref(e.actor_id) or {"display": "ketaclinic"}}],
    }


def build_identity(d: patients.IdentityDocument, people: People) -> JSON:
    with d.file.open("rb") as handle:
        data = handle.read()
    return {
        "status": "current",
        "type": text("Photo identification"),
        "subject": patient_ref(d.patient_id),
        "date": j(d.uploaded_at),
        "content": [{"attachment": attachment(d.content_type, data, "Photo ID")}],
    }


def build_consent_text(d: patients.ConsentDocument, people: People) -> JSON:
    return {
        "language": d.language,
        "status": "current",
        "type": coded(LOINC, "59284-0", "Consent Document"),
        "description": str(d),
        "date": j(d.published_at),
        "content": [
            {
                "attachment": {
                    **attachment("text/markdown", d.body.encode(), d.title),
                    "language": d.language,
                }
            }
        ],
    }


def build_consent(c: patients.Consent, people: People) -> JSON:
    # The language the patient read and signed: that of the version signed.
    return {
        "language": c.document.language,
        "status": "active",
        "scope": coded("http://terminology.hl7.org/CodeSystem/consentscope", "treatment"),
        "category": [coded(LOINC, "59284-0", "Consent Document")],
        "patient": patient_ref(c.patient_id),
        "dateTime": j(c.signed_at),
        "sourceReference": ref("DocumentReference", patients.ConsentDocument, c.document_id),
    }


def build_thread(t: patients.MessageThread, people: People) -> JSON:
    return {
        "status": "in-progress" if t.is_open else "completed",
        "subject": patient_ref(t.patient_id),
        "topic": text(t.subject),
        "category": [coded(f"{KETACLINIC}/message-topic", t.topic, t.get_topic_display())],
        "sent": j(t.created_at),
    }


def build_message(m: patients.Message, people: People) -> JSON:
    return {
        "status": "completed",
        "partOf": [ref("Communication", patients.MessageThread, m.thread_id)],
        "subject": patient_ref(m.thread.patient_id),
        "sent": j(m.sent_at),
        "sender": people.ref(m.author_id),
        "payload": [{"contentString": m.body}],
    }


def build_consult(c: care.Consult, people: People) -> JSON:
    status = {"booked": "planned", "completed": "finished"}.get(c.status, "cancelled")
    return {
        "status": status,
        "class": {"system": ACT_CODE, "code": "VR", "display": "virtual"},
        "type": [text("Video visit")],
        "subject": patient_ref(c.patient_id),
        "participant": [{"individual": people.ref(c.clinician_id)}],
        "period": period(c.starts_at, c.ends_at),
    }


def build_in_person(e: care.InPersonEvaluation, people: People) -> JSON:
    return {
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [text("In-person medical evaluation")],
        "subject": patient_ref(e.patient_id),
        "period": {"start": j(e.evaluated_on), "end": j(e.evaluated_on)},
    }


def build_note(n: care.ConsultNote, people: People) -> JSON:
    note = "\n\n".join(
        f"{title}\n{words}"
        for title, words in (
            ("Subjective", n.subjective),
            ("Objective", n.objective),
            ("Assessment", n.assessment),
            ("Plan", n.plan),
        )
        if words
    )
    return {
        "profile": f"{US_CORE}/us-core-documentreference",
        "status": "current",
        "type": coded(LOINC, "11488-4", "Consult note"),
        "category": [
            coded(
                "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
                "clinical-note",
                "Clinical Note",
            )
        ],
        "subject": patient_ref(n.consult.patient_id),
        "date": j(n.signed_at),
        "author": [people.ref(n.signed_by_id)],
        "content": [{"attachment": attachment("text/plain", note.encode(), "Consult note")}],
        "context": {"encounter": [ref("Encounter", care.Consult, n.consult_id)]},
    }


def build_budapest(e: care.BudapestExam, people: People) -> JSON:
    return {
        "status": "final",
        "category": category("exam", "Exam"),
        "code": text("Budapest clinical criteria for CRPS"),
        "subject": patient_ref(e.patient_id),
        "encounter": ref("Encounter", care.Consult, e.consult_id),
        "effectiveDateTime": j(e.examined_at),
        "performer": [people.ref(e.examined_by_id)],
        "valueBoolean": e.clinical_criteria_met,
        "note": [{"text": e.explanation}] if e.explanation else None,
    }


def build_severity(s: care.CrpsSeverityRecord, people: People) -> JSON:
    return {
        "status": "final",
        "category": category("survey", "Survey"),
        "code": text("CRPS Severity Score"),
        "subject": patient_ref(s.patient_id),
        "encounter": ref("Encounter", care.Consult, s.consult_id),
        "effectiveDateTime": j(s.scored_at),
        "performer": [people.ref(s.scored_by_id)],
        "valueInteger": s.total,
    }


def build_weight(w: care.BodyWeight, people: People) -> JSON:
    return {
        "profile": f"{US_CORE}/us-core-body-weight",
        "status": "final",
        "category": category("vital-signs", "Vital Signs"),
        "code": coded(LOINC, "29463-7", "Body weight"),
        "subject": patient_ref(w.patient_id),
        "effectiveDateTime": j(w.measured_on),
        "performer": [people.ref(w.recorded_by_id)],
        "valueQuantity": quantity(float(w.kg), "kg"),
    }


def build_diagnosis(d: care.Diagnosis, people: People) -> JSON:
    clinical = "active" if d.active else "inactive"
    return {
        "profile": f"{US_CORE}/us-core-condition-problems-health-concerns",
        "clinicalStatus": coded(
            "http://terminology.hl7.org/CodeSystem/condition-clinical", clinical
        ),
        "verificationStatus": coded(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"
        ),
        "category": [
            coded(
                "http://terminology.hl7.org/CodeSystem/condition-category",
                "problem-list-item",
                "Problem List Item",
            )
        ],
        "code": coded(ICD10CM, d.code, d.description),
        "subject": patient_ref(d.patient_id),
        "recordedDate": j(d.made_at),
        "recorder": people.ref(d.made_by_id),
    }


def build_decision(d: care.CandidateDecision, people: People) -> JSON:
    return clean(
        {
            "status": "completed",
            "code": text("Decision on treatment"),
            "subject": patient_ref(d.patient_id),
            "date": j(d.decided_at),
            "assessor": people.ref(d.decided_by_id),
            "summary": f"{d.get_decision_display()}. {d.why}",
            "finding": [{"itemCodeableConcept": text(d.get_referral_display())}]
            if d.referral
            else [],
        }
    )


def build_review(r: care.PlanReview, people: People) -> JSON:
    return {
        "status": "completed",
        "code": text("Treatment plan review"),
        "subject": patient_ref(r.plan.patient_id),
        "date": j(r.reviewed_at),
        "assessor": people.ref(r.reviewed_by_id),
        "summary": r.objectives_progress,
        "supportingInfo": [ref("CarePlan", care.TreatmentPlan, r.plan_id)],
    }


def build_plan(p: care.TreatmentPlan, people: People) -> JSON:
    description = (
        f"{p.indication}. Induction: up to {p.induction_mg_per_session} mg a session, "
        f"{p.induction_sessions_per_week} a week. Maintenance: up to "
        f"{p.maintenance_mg_per_session} mg a session, {p.maintenance_sessions_per_week} a week. "
        f"No dose from {p.no_dose_systolic_from}/{p.no_dose_diastolic_from} mmHg or a pulse "
        f"above {p.no_dose_heart_rate_above}. Check-in every {p.check_in_every_days} days."
    )
    return clean(
        {
            "profile": f"{US_CORE}/us-core-careplan",
            "text": {
                "status": "generated",
                "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{escape(description)}</div>',
            },
            "status": "completed" if p.ended_at else "active",
            "intent": "plan",
            "category": [
                coded("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan")
            ],
            "title": f"Ketamine treatment plan ({p.phase})",
            "description": description,
            "subject": patient_ref(p.patient_id),
            "period": period(p.written_at, p.ended_at),
            "created": j(p.written_at),
            "author": people.ref(p.written_by_id),
            "note": [{"text": p.end_reason}] if p.end_reason else [],
        }
    )


def escape(words: str) -> str:
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_pdmp(c: care.PdmpCheck, people: People) -> JSON:
    return {
        "code": text("Prescription drug monitoring programme check"),
        "subject": patient_ref(c.patient_id),
        "created": j(c.checked_at)[:10],
        "author": people.ref(c.clinician_id),
    }


def build_prescription(p: care.Prescription, people: People) -> JSON:
    return {
        "profile": f"{US_CORE}/us-core-medicationrequest",
        "status": "active" if p.status == "signed" else "cancelled",
        "intent": "order",
        "medicationCodeableConcept": ketamine(),
        "subject": patient_ref(p.patient_id),
        "authoredOn": j(p.issued_at),
        "requester": people.ref(p.prescriber_id),
        "basedOn": [ref("CarePlan", care.TreatmentPlan, p.plan_id)],
        "dosageInstruction": [
            {
                "text": p.directions,
                "doseAndRate": [{"doseQuantity": quantity(p.dose_mg, "mg")}],
            }
        ],
        "dispenseRequest": {
            "validityPeriod": {"start": j(p.issued_on), "end": j(p.expires_on)},
            "numberOfRepeatsAllowed": p.refills,
            "quantity": {"value": p.quantity, "unit": p.form.replace("_", " ")},
            "expectedSupplyDuration": quantity(p.days_supply, "days", "d"),
        },
    }


def build_adverse_event(e: care.AdverseEvent, people: People) -> JSON:
    severity = {"mild": "mild", "moderate": "moderate"}.get(e.grade, "severe")
    return {
        "actuality": "actual",
        "event": text(e.description[:200]),
        "subject": patient_ref(e.patient_id),
        "date": j(e.reported_at),
        "recorder": people.ref(e.reported_by_id),
        "seriousness": coded(
            "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
            "serious" if e.is_serious else "non-serious",
        ),
        "severity": coded("http://terminology.hl7.org/CodeSystem/adverse-event-severity", severity),
    }


def build_flag(f: care.ClinicianFlag, people: People) -> JSON:
    return {
        "status": "active" if f.is_open else "inactive",
        "code": coded(f"{KETACLINIC}/flag-reason", f.reason, f.get_reason_display()),
        "subject": patient_ref(f.patient_id),
        "period": period(f.raised_at, f.acknowledged_at),
        "author": people.ref(f.raised_by_id),
    }


def build_clearance(c: care.HoldClearance, people: People) -> JSON:
    return {
        "status": "inactive",
        "code": coded(f"{KETACLINIC}/hold", c.hold, f"{c.get_hold_display()} hold cleared"),
        "subject": patient_ref(c.patient_id),
        "period": {"end": j(c.cleared_at)},
        "author": people.ref(c.cleared_by_id),
    }


def build_risk(r: care.SuicideRiskAssessment, people: People) -> JSON:
    return {
        "status": "final",
        "code": text("Suicide risk assessment"),
        "subject": patient_ref(r.patient_id),
        "occurrenceDateTime": j(r.assessed_at),
        "performer": people.ref(r.assessed_by_id),
        "prediction": [
            {
                "outcome": text("Suicide attempt"),
                "qualitativeRisk": coded(
                    "http://terminology.hl7.org/CodeSystem/risk-probability", r.risk
                ),
            }
        ],
        "mitigation": r.means_made_safe,
    }


def build_assessment(a: Assessment, people: People) -> JSON:
    response = {
        k: v for k, v in a.questionnaire_response.items() if k not in ("resourceType", "id")
    }
    subject = people.ref(a.user_id)
    return clean(
        {
            **response,
            "status": response.get("status", "completed"),
            "subject": subject if subject and subject["reference"].startswith("Patient/") else None,
            "authored": j(a.completed_at),
        }
    )


# Pharmacy and journal -------------------------------------------------------------------


def build_refill(r: RefillRequest, people: People) -> JSON:
    status = {"awaiting_clinician": "requested", "approved": "accepted"}.get(r.status, "rejected")
    return clean(
        {
            "status": status,
            "intent": "order",
            "code": text("Refill request"),
            "focus": ref("MedicationRequest", care.Prescription, r.prescription_id),
            "for": patient_ref(r.prescription.patient_id),
            "authoredOn": j(r.requested_at),
            "requester": people.ref(r.requested_by_id),
            "owner": people.ref(r.decided_by_id),
        }
    )


def build_fill(f: Fill, people: People) -> JSON:
    status = {"queued": "preparation", "verified": "in-progress"}.get(f.status, "completed")
    medication: JSON = {"resourceType": "Medication", "id": "dispensed", "code": ketamine()}
    if f.lot_number:
        medication["batch"] = clean(
            {"lotNumber": f.lot_number, "expirationDate": j(f.beyond_use_date)}
        )
    return clean(
        {
            "contained": [medication],
            "status": status,
            "medicationReference": {"reference": "#dispensed"},
            "subject": patient_ref(f.prescription.patient_id),
            "authorizingPrescription": [
                ref("MedicationRequest", care.Prescription, f.prescription_id)
            ],
            "type": text("Refill" if f.kind == "refill" else "First fill"),
            "quantity": {"value": f.quantity_dispensed} if f.quantity_dispensed else None,
            "whenPrepared": j(f.filled_at),
            "performer": [{"actor": people.ref(f.filled_by_id)}] if f.filled_by_id else [],
        }
    )


def build_shipment(s: Shipment, people: People) -> JSON:
    status = {"delivered": "completed", "returned": "abandoned"}.get(s.status, "in-progress")
    return clean(
        {
            "identifier": [{"system": f"urn:carrier:{s.carrier}", "value": s.tracking_number}],
            "status": status,
            "patient": patient_ref(s.fill.prescription.patient_id),
            "type": coded(
                "http://terminology.hl7.org/CodeSystem/supply-item-type", "medication", "Medication"
            ),
            "occurrenceDateTime": j(s.delivered_at or s.shipped_at),
            "supplier": people.ref(s.shipped_by_id),
        }
    )


def build_shipment_event(e: ShipmentEvent, people: People) -> JSON:
    return {
        "status": "completed" if e.kind == "delivered" else "in-progress",
        "partOf": [ref("SupplyDelivery", Shipment, e.shipment_id)],
        "patient": patient_ref(e.shipment.fill.prescription.patient_id),
        "occurrenceDateTime": j(e.at),
    }


def build_safety_check(c: SafetyCheck, people: People) -> JSON:
    def component(code: str, display: str, value: int, unit: str, ucum: str) -> JSON:
        return {"code": coded(LOINC, code, display), "valueQuantity": quantity(value, unit, ucum)}

    return {
        "profile": f"{US_CORE}/us-core-blood-pressure",
        "status": "final",
        "category": category("vital-signs", "Vital Signs"),
        "code": coded(LOINC, "85354-9", "Blood pressure panel with all children optional"),
        "subject": patient_ref(c.patient_id),
        "effectiveDateTime": j(c.checked_at),
        "component": [
            component("8480-6", "Systolic blood pressure", c.systolic, "mmHg", "mm[Hg]"),
            component("8462-4", "Diastolic blood pressure", c.diastolic, "mmHg", "mm[Hg]"),
            component("8867-4", "Heart rate", c.pulse, "/min", "/min"),
        ],
        "interpretation": [text("Safe to start" if c.passed else "Not safe to start")],
    }


def build_session(s: HomeSession, people: People) -> JSON:
    return clean(
        {
            "status": "completed" if s.finished_at else "in-progress",
            "medicationCodeableConcept": ketamine(),
            "subject": patient_ref(s.patient_id),
            "effectivePeriod": period(s.started_at, s.finished_at),
            "request": ref("MedicationRequest", care.Prescription, s.prescription_id),
            "supportingInformation": [ref("Observation", SafetyCheck, s.safety_check_id)],
            "note": [{"text": s.note}] if s.note else [],
            "dosage": {
                "route": coded("http://snomed.info/sct", "37839007", "Sublingual route"),
                "dose": quantity(s.mg, "mg"),
            },
        }
    )


def build_check_in(c: CheckIn, people: People) -> JSON:
    observation = {
        k: v for k, v in c.observation.items() if k not in ("resourceType", "id", "subject")
    }
    if not observation:
        observation = {"status": "registered", "code": text(c.get_instrument_display())}
    return {**observation, "subject": patient_ref(c.patient_id)}


def build_exercise(e: ExerciseLog, people: People) -> JSON:
    status = "completed" if e.completed else ("not-done" if e.done_at else "preparation")
    return clean(
        {
            "status": status,
            "code": text(e.exercise),
            "subject": patient_ref(e.patient_id),
            "performedDateTime": j(e.done_at or e.scheduled_for),
            "partOf": [ref("MedicationAdministration", HomeSession, e.session_id)],
            "note": [{"text": e.note}] if e.note else [],
        }
    )


# Billing -----------------------------------------------------------------------------


def build_plan_offer(p: Plan, people: People) -> JSON:
    return {"code": text(f"Subscription plan: {p.name}")}


def build_subscription(s: Subscription, people: People) -> JSON:
    status = "active" if s.is_live else ("cancelled" if s.status == "canceled" else "draft")
    return clean(
        {
            "status": status,
            "type": coded("http://terminology.hl7.org/CodeSystem/coverage-selfpay", "pay", "Pay"),
            "beneficiary": patient_ref(s.patient_id),
            "payor": [patient_ref(s.patient_id)],
            "period": period(s.current_period_start, s.current_period_end),
            "class": [
                {
                    "type": coded("http://terminology.hl7.org/CodeSystem/coverage-class", "plan"),
                    "value": s.plan.slug,
                    "name": s.plan.name,
                }
            ],
        }
    )


def build_invoice(i: Invoice, people: People) -> JSON:
    status = {"paid": "balanced", "void": "cancelled"}.get(i.status, "issued")
    return {
        "status": status,
        "subject": patient_ref(i.subscription.patient_id),
        "date": j(i.issued_at),
        "totalGross": {"value": i.amount_cents / 100, "currency": i.currency.upper()},
    }


def _patient_role_nested(rows: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return rows.exclude(role=Role.PATIENT, user__patient__isnull=False)


MAPPINGS: tuple[Mapping, ...] = (
    Mapping(Plan, "Basic", build_plan_offer, None),
    Mapping(patients.ConsentDocument, "DocumentReference", build_consent_text, None),
    Mapping(
        User,
        user_type,
        build_user,
        None,
        nested=(Licence, DeaRegistration),
        prefetch=("role_grants", "licences", "dea_registrations"),
        only_rows=lambda rows: rows.filter(patient__isnull=True),
    ),
    Mapping(
        RoleGrant,
        lambda g: "PractitionerRole" if g.role in STAFF_ROLES else "Basic",
        build_role,
        None,
        only_rows=_patient_role_nested,
    ),
    Mapping(Assessment, "QuestionnaireResponse", build_assessment, "user__patient"),
    Mapping(
        patients.Patient,
        "Patient",
        build_patient,
        "pk",
        nested=(User, RoleGrant),
        related=("user",),
        prefetch=("user__role_grants",),
    ),
    Mapping(patients.TreatmentMonitor, "RelatedPerson", build_monitor, "patient"),
    Mapping(patients.IdentityDocument, "DocumentReference", build_identity, "patient"),
    Mapping(patients.Consent, "Consent", build_consent, "patient", related=("document",)),
    Mapping(patients.MessageThread, "Communication", build_thread, "patient"),
    Mapping(
        patients.Message, "Communication", build_message, "thread__patient", related=("thread",)
    ),
    Mapping(patients.TimelineEvent, "Provenance", build_timeline, "patient"),
    Mapping(care.Consult, "Encounter", build_consult, "patient"),
    Mapping(
        care.ConsultNote, "DocumentReference", build_note, "consult__patient", related=("consult",)
    ),
    Mapping(care.InPersonEvaluation, "Encounter", build_in_person, "patient"),
    Mapping(care.BudapestExam, "Observation", build_budapest, "patient"),
    Mapping(care.CrpsSeverityRecord, "Observation", build_severity, "patient"),
    Mapping(care.BodyWeight, "Observation", build_weight, "patient"),
    Mapping(care.Diagnosis, "Condition", build_diagnosis, "patient"),
    Mapping(care.CandidateDecision, "ClinicalImpression", build_decision, "patient"),
    Mapping(care.TreatmentPlan, "CarePlan", build_plan, "patient"),
    Mapping(
        care.PlanReview, "ClinicalImpression", build_review, "plan__patient", related=("plan",)
    ),
    Mapping(care.PdmpCheck, "Basic", build_pdmp, "patient"),
    Mapping(care.SuicideRiskAssessment, "RiskAssessment", build_risk, "patient"),
    Mapping(care.Prescription, "MedicationRequest", build_prescription, "patient"),
    Mapping(care.AdverseEvent, "AdverseEvent", build_adverse_event, "patient"),
    Mapping(care.ClinicianFlag, "Flag", build_flag, "patient"),
    Mapping(care.HoldClearance, "Flag", build_clearance, "patient"),
    Mapping(
        RefillRequest, "Task", build_refill, "prescription__patient", related=("prescription",)
    ),
    Mapping(
        Fill, "MedicationDispense", build_fill, "prescription__patient", related=("prescription",)
    ),
    Mapping(
        Shipment,
        "SupplyDelivery",
        build_shipment,
        "fill__prescription__patient",
        related=("fill__prescription",),
    ),
    Mapping(
        ShipmentEvent,
        "SupplyDelivery",
        build_shipment_event,
        "shipment__fill__prescription__patient",
        related=("shipment__fill__prescription",),
    ),
    Mapping(SafetyCheck, "Observation", build_safety_check, "patient"),
    Mapping(HomeSession, "MedicationAdministration", build_session, "patient"),
    Mapping(CheckIn, "Observation", build_check_in, "patient"),
    Mapping(ExerciseLog, "Procedure", build_exercise, "patient"),
    Mapping(Subscription, "Coverage", build_subscription, "patient", related=("plan",)),
    Mapping(Invoice, "Invoice", build_invoice, "subscription__patient", related=("subscription",)),
)


def exported_models() -> Iterable[type[models.Model]]:
    for mapping in MAPPINGS:
        yield mapping.model
        yield from mapping.nested
