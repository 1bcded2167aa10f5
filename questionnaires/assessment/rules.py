"""The eligibility rules of ``shared/contracts/assessment.md``: scores, pathways and outcome.

``evaluate`` is one pure function of clean answers (from ``validate``) and the assessment
date. Every rule is a small predicate; ``RULES`` ties each rule code to its level and
referral in one table. ``plain_reason`` and ``plain_referral`` say each code in plain words
for the person who took the assessment.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from operator import itemgetter
from typing import Any, NamedTuple

from questionnaires.assessment.questionnaire import PAIN_CONDITIONS, QUESTIONNAIRE, Answer, Section
from servicearea import SERVED_STATES


class Level(IntEnum):
    """How far an assessment can go, in the order the contract ranks them."""

    ELIGIBLE = 0
    CLINICIAN_REVIEW = 1
    INELIGIBLE = 2
    CRISIS = 3

    @property
    def code(self) -> str:
        """The outcome code the contract uses ("clinician_review", …)."""
        return _OUTCOME_CODES[self]


_OUTCOME_CODES = tuple(level.name.lower() for level in Level)


class Scores(NamedTuple):
    """The scores an outcome reports; None where the questions were not asked.

    Immutable, like ``Outcome``; both are named tuples because one is built for every
    assessment and a frozen dataclass takes several times longer to build.
    """

    age: int | None
    phq9: int | None
    gad7: int | None
    pc_ptsd5: int | None
    peg: Decimal | None
    budapest_symptom_categories: int | None
    prior_treatments: int | None

    def as_json(self) -> dict[str, int | float | None]:
        """The scores as the contract's JSON object (peg as a number with one decimal)."""
        return {
            "age": self.age,
            "phq9": self.phq9,
            "gad7": self.gad7,
            "pc_ptsd5": self.pc_ptsd5,
            "peg": None if self.peg is None else float(self.peg),
            "budapest_symptom_categories": self.budapest_symptom_categories,
            "prior_treatments": self.prior_treatments,
        }


class Outcome(NamedTuple):
    """The result of one assessment: its level, why, where to turn, and the scores behind it."""

    outcome: str
    reasons: tuple[str, ...]
    referrals: tuple[str, ...]
    pathways: tuple[str, ...]
    scores: Scores
    questionnaire: str

    def as_json(self) -> dict[str, Any]:
        """The outcome as the contract's JSON object, keys in the contract's order."""
        return {
            "outcome": self.outcome,
            "reasons": list(self.reasons),
            "referrals": list(self.referrals),
            "pathways": list(self.pathways),
            "scores": self.scores.as_json(),
            "questionnaire": self.questionnaire,
        }


class Facts(NamedTuple):
    """What the rules look at: the clean answers, the scores, and the qualifying pathways."""

    answers: Mapping[str, Answer]
    scores: Scores
    pathways: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its code, the level it sets, the referral it adds, and when it fires."""

    code: str
    level: Level
    referral: str | None
    fires: Callable[[Facts], bool]


class PlainWords(NamedTuple):
    """A code in plain words for a patient, and what they can do next."""

    text: str
    next_step: str


PEG_THRESHOLD = Decimal("4.0")
_TENTH = Decimal("0.1")
_INTERACTING_MEDICATIONS = frozenset(
    {
        "benzodiazepine",
        "lamotrigine",
        "maoi",
        "opioid",
        "stimulant",
        "gabapentinoid",
        "sleep_medicine",
        "barbiturate",
        "muscle_relaxant",
        "memantine_or_dextromethorphan",
    }
)
LOW_SYSTOLIC = 90
LOW_DIASTOLIC = 60
FIRST_LINE_TREATMENTS = frozenset(
    {"ssri", "snri", "tricyclic", "psychotherapy", "esketamine", "tms_ect", "iv_ketamine"}
)
"""The standard treatments for depression, anxiety and PTSD that come before ketamine."""
FIRST_LINE_TRIED_ENOUGH = 2
"""How many different first-line treatments count as having tried standard care."""
_FIRST_LINE_PATHWAYS = frozenset({"depression", "anxiety", "ptsd"})
_OTHER_PAIN = frozenset(PAIN_CONDITIONS) - {"crps"}
_ASQ = ("asq_1", "asq_2", "asq_3", "asq_4")


class _Scale(NamedTuple):
    """The items of a scored instrument, which are asked (and so answered) together."""

    first: str
    answers_of: Callable[[Mapping[str, Answer]], tuple[Any, ...]]


def _scale(prefix: str, items: int) -> _Scale:
    link_ids = [f"{prefix}_{n}" for n in range(1, items + 1)]
    return _Scale(link_ids[0], itemgetter(*link_ids))


_PHQ9 = _scale("phq9", 9)
_GAD7 = _scale("gad7", 7)
_PC_PTSD5 = _scale("pc_ptsd5", 5)
_PEG = _scale("peg", 3)


def age_on(date_of_birth: date, as_of: date) -> int:
    """Whole years on ``as_of``; a 29 February birthday counts on 1 March in common years."""
    before_birthday = (as_of.month, as_of.day) < (date_of_birth.month, date_of_birth.day)
    return as_of.year - date_of_birth.year - before_birthday


def round_half_up_tenth(value: Decimal) -> Decimal:
    """``value`` rounded to one decimal, halves away from zero (4.05 -> 4.1)."""
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def peg_score(items: tuple[int, ...]) -> Decimal:
    """The PEG score: the mean of its three items, rounded half up to one decimal."""
    return round_half_up_tenth(Decimal(sum(items)) / 3)


def score_answers(answers: Mapping[str, Answer], as_of: date) -> Scores:
    """Every score of the contract; None for each whose questions were not asked."""
    date_of_birth = answers.get("date_of_birth")
    symptoms = answers.get("crps_symptoms")
    treatments = answers.get("prior_treatments")
    phq9 = _scale_answers(answers, _PHQ9)
    gad7 = _scale_answers(answers, _GAD7)
    pc_ptsd5 = _scale_answers(answers, _PC_PTSD5)
    peg = _scale_answers(answers, _PEG)
    return Scores(
        age=age_on(date_of_birth, as_of) if isinstance(date_of_birth, date) else None,
        phq9=None if phq9 is None else sum(phq9),
        gad7=None if gad7 is None else sum(gad7),
        pc_ptsd5=None if pc_ptsd5 is None else pc_ptsd5.count("yes"),
        peg=None if peg is None else peg_score(peg),
        budapest_symptom_categories=len(symptoms) if isinstance(symptoms, tuple) else None,
        prior_treatments=len(treatments) if isinstance(treatments, tuple) else None,
    )


def qualifying_pathways(answers: Mapping[str, Answer], scores: Scores) -> frozenset[str]:
    """The indications these answers qualify for (contract table "Pathways")."""
    chosen = _chosen(answers, "conditions")
    pathways: set[str] = set()
    if "crps" in chosen and _crps_qualifies(answers, scores):
        pathways.add("crps")
    if _OTHER_PAIN.intersection(chosen) and _chronic_pain_qualifies(answers, scores):
        pathways.add("chronic_pain")
    if scores.phq9 is not None and scores.phq9 >= 10:
        pathways.add("depression")
    if scores.gad7 is not None and scores.gad7 >= 10:
        pathways.add("anxiety")
    if scores.pc_ptsd5 is not None and scores.pc_ptsd5 >= 4:
        pathways.add("ptsd")
    if "mecfs" in chosen:
        pathways.add("mecfs")
    return frozenset(pathways)


def stopping_gate(answers: Mapping[str, Answer], as_of: date) -> str | None:
    """The gate that ends the assessment early, if one fired in the answers given so far.

    ``outside_service_area`` and ``under_18`` stop it after section 1, ``suicide_risk`` after
    section 2; the sections after a gate are optional.
    """
    state = answers.get("state")
    if isinstance(state, str) and state not in SERVED_STATES:
        return "outside_service_area"
    date_of_birth = answers.get("date_of_birth")
    if isinstance(date_of_birth, date) and age_on(date_of_birth, as_of) < 18:
        return "under_18"
    if answers.get("asq_5") == "yes":
        return "suicide_risk"
    return None


def next_section(answers: Mapping[str, Answer], as_of: date, after: str) -> Section | None:
    """The section to ask after ``after``, or None when the assessment ends there.

    It ends after the last section, or as soon as a gate has fired.
    """
    if stopping_gate(answers, as_of):
        return None
    number = QUESTIONNAIRE.section(after).number
    return next((s for s in QUESTIONNAIRE.sections if s.number == number + 1), None)


def evaluate(answers: Mapping[str, Answer], as_of: date) -> Outcome:
    """The outcome of clean answers on ``as_of``: every rule, at every level.

    ``answers`` are the clean answers of ``validate`` with no errors: every question asked
    is answered, so a scale whose first item is there is there whole.
    """
    scores = score_answers(answers, as_of)
    facts = Facts(answers, scores, qualifying_pathways(answers, scores))
    fired = [rule for rule in RULES if rule.fires(facts)]
    level = max((rule.level for rule in fired), default=Level.ELIGIBLE)
    return Outcome(
        outcome=level.code,
        reasons=tuple(sorted({rule.code for rule in fired})),
        referrals=tuple(sorted({rule.referral for rule in fired if rule.referral})),
        pathways=tuple(sorted(facts.pathways)),
        scores=scores,
        questionnaire=QUESTIONNAIRE.reference,
    )


def plain_reason(code: str) -> PlainWords:
    """A rule code in plain words for the person assessed (KeyError for an unknown code)."""
    return _REASON_WORDS[code]


def plain_referral(code: str) -> PlainWords:
    """A referral code in plain words (KeyError for an unknown code)."""
    return _REFERRAL_WORDS[code]


def _chosen(answers: Mapping[str, Answer], link_id: str) -> tuple[str, ...]:
    choices = answers.get(link_id)
    return choices if isinstance(choices, tuple) else ()


def _scale_answers(answers: Mapping[str, Answer], scale: _Scale) -> tuple[Any, ...] | None:
    """The answers to a scale's items, or None when it was not asked."""
    return scale.answers_of(answers) if scale.first in answers else None


def _crps_qualifies(answers: Mapping[str, Answer], scores: Scores) -> bool:
    confirmed = (
        answers.get("crps_diagnosed") == "yes" or (scores.budapest_symptom_categories or 0) >= 3
    )
    responsive = _peg_at_least_threshold(scores) or answers.get("iv_ketamine_recent") == "yes"
    return confirmed and responsive


def _chronic_pain_qualifies(answers: Mapping[str, Answer], scores: Scores) -> bool:
    months = answers.get("pain_duration_months")
    return isinstance(months, int) and months >= 3 and _peg_at_least_threshold(scores)


def _peg_at_least_threshold(scores: Scores) -> bool:
    return scores.peg is not None and scores.peg >= PEG_THRESHOLD


def _yes(link_id: str) -> Callable[[Facts], bool]:
    def answered_yes(facts: Facts) -> bool:
        return facts.answers.get(link_id) == "yes"

    answered_yes.__name__ = f"{link_id}_is_yes"
    return answered_yes


def _outside_service_area(facts: Facts) -> bool:
    state = facts.answers.get("state")
    return isinstance(state, str) and state not in SERVED_STATES


def _under_18(facts: Facts) -> bool:
    return facts.scores.age is not None and facts.scores.age < 18


def _older_adult(facts: Facts) -> bool:
    return facts.scores.age is not None and facts.scores.age >= 65


def _pregnancy(facts: Facts) -> bool:
    return facts.answers.get("pregnancy_status") in ("pregnant", "breastfeeding", "trying")


def _blood_pressure(facts: Facts) -> tuple[int, int]:
    systolic = facts.answers.get("bp_systolic")
    diastolic = facts.answers.get("bp_diastolic")
    return (
        systolic if isinstance(systolic, int) else 0,
        diastolic if isinstance(diastolic, int) else 0,
    )


def _uncontrolled_hypertension(facts: Facts) -> bool:
    systolic, diastolic = _blood_pressure(facts)
    return systolic >= 160 or diastolic >= 100


def _elevated_blood_pressure(facts: Facts) -> bool:
    systolic, diastolic = _blood_pressure(facts)
    elevated = 140 <= systolic <= 159 or 90 <= diastolic <= 99
    return elevated and not _uncontrolled_hypertension(facts)


def _low_blood_pressure(facts: Facts) -> bool:
    """A reading below 90 systolic or 60 diastolic, whatever the other blood-pressure rules say."""
    systolic = facts.answers.get("bp_systolic")
    diastolic = facts.answers.get("bp_diastolic")
    if not isinstance(systolic, int) or not isinstance(diastolic, int):
        return False
    return systolic < LOW_SYSTOLIC or diastolic < LOW_DIASTOLIC


def _blood_pressure_unknown(facts: Facts) -> bool:
    answers = facts.answers
    return (
        "bp_systolic" in answers
        and answers["bp_systolic"] is None
        and answers.get("bp_diastolic") is None
    )


def _severe_liver_disease(facts: Facts) -> bool:
    return facts.answers.get("liver_disease") == "severe"


def _mild_liver_disease(facts: Facts) -> bool:
    return facts.answers.get("liver_disease") == "mild"


def _substance_use(facts: Facts) -> bool:
    answers = facts.answers
    return (
        answers.get("substance_use_12mo") == "yes"
        or answers.get("ketamine_misuse_history") == "yes"
    )


def _no_qualifying_condition(facts: Facts) -> bool:
    return "conditions" in facts.answers and not facts.pathways


def _suicidal_ideation(facts: Facts) -> bool:
    answers = facts.answers
    phq9_9 = answers.get("phq9_9")
    return "yes" in map(answers.get, _ASQ) or (isinstance(phq9_9, int) and phq9_9 >= 1)


def _bipolar_history(facts: Facts) -> bool:
    return facts.answers.get("bipolar") in ("bipolar_1", "bipolar_2")


def _interacting_medications(facts: Facts) -> bool:
    return not _INTERACTING_MEDICATIONS.isdisjoint(_chosen(facts.answers, "medications"))


def _first_line_not_tried(facts: Facts) -> bool:
    """Only depression, anxiety or PTSD qualify, and fewer than two different standard
    treatments for them were tried (``iv_ketamine_recent`` is not considered)."""
    if not facts.pathways or not facts.pathways <= _FIRST_LINE_PATHWAYS:
        return False
    tried = FIRST_LINE_TREATMENTS.intersection(_chosen(facts.answers, "prior_treatments"))
    return len(tried) < FIRST_LINE_TRIED_ENOUGH


def _no_monitor(facts: Facts) -> bool:
    return facts.answers.get("monitor_available") == "no"


def _crps_unconfirmed(facts: Facts) -> bool:
    return "crps" in facts.pathways and facts.answers.get("crps_diagnosed") != "yes"


def _severe_crps(facts: Facts) -> bool:
    peg_1 = facts.answers.get("peg_1")
    return (
        "crps" in facts.pathways
        and isinstance(peg_1, int)
        and peg_1 >= 8
        and facts.answers.get("iv_ketamine_recent") == "no"
    )


def _emerging_indication(facts: Facts) -> bool:
    return facts.pathways == {"mecfs"}


RULES: tuple[Rule, ...] = (
    Rule("suicide_risk", Level.CRISIS, "crisis_988", _yes("asq_5")),
    Rule("outside_service_area", Level.INELIGIBLE, "service_area_waitlist", _outside_service_area),
    Rule("recent_suicide_attempt", Level.INELIGIBLE, "crisis_988", _yes("suicide_attempt_12mo")),
    Rule("under_18", Level.INELIGIBLE, None, _under_18),
    Rule("pregnancy", Level.INELIGIBLE, None, _pregnancy),
    Rule("psychosis", Level.INELIGIBLE, None, _yes("psychosis_history")),
    Rule("mania", Level.INELIGIBLE, None, _yes("mania_current")),
    Rule("uncontrolled_hypertension", Level.INELIGIBLE, None, _uncontrolled_hypertension),
    Rule("recent_cardiovascular_event", Level.INELIGIBLE, None, _yes("cardiac_event_6mo")),
    Rule("vascular_malformation", Level.INELIGIBLE, None, _yes("aneurysm_avm")),
    Rule("severe_liver_disease", Level.INELIGIBLE, None, _severe_liver_disease),
    Rule("raised_icp_iop", Level.INELIGIBLE, None, _yes("icp_iop")),
    Rule("substance_use", Level.INELIGIBLE, None, _substance_use),
    Rule("ketamine_adverse_reaction", Level.INELIGIBLE, None, _yes("ketamine_adverse_reaction")),
    Rule("no_qualifying_condition", Level.INELIGIBLE, None, _no_qualifying_condition),
    Rule("suicidal_ideation", Level.CLINICIAN_REVIEW, "crisis_988", _suicidal_ideation),
    Rule("bipolar_history", Level.CLINICIAN_REVIEW, None, _bipolar_history),
    Rule("elevated_blood_pressure", Level.CLINICIAN_REVIEW, None, _elevated_blood_pressure),
    Rule("blood_pressure_unknown", Level.CLINICIAN_REVIEW, None, _blood_pressure_unknown),
    Rule("heart_condition", Level.CLINICIAN_REVIEW, None, _yes("heart_condition")),
    Rule("respiratory_disease", Level.CLINICIAN_REVIEW, None, _yes("respiratory_disease")),
    Rule("hyperthyroidism", Level.CLINICIAN_REVIEW, None, _yes("hyperthyroid_uncontrolled")),
    Rule("mild_liver_disease", Level.CLINICIAN_REVIEW, None, _mild_liver_disease),
    Rule("interacting_medications", Level.CLINICIAN_REVIEW, None, _interacting_medications),
    Rule("urinary_symptoms", Level.CLINICIAN_REVIEW, None, _yes("urinary_symptoms")),
    Rule("low_blood_pressure", Level.CLINICIAN_REVIEW, None, _low_blood_pressure),
    Rule("first_line_not_tried", Level.CLINICIAN_REVIEW, None, _first_line_not_tried),
    Rule("no_monitor", Level.CLINICIAN_REVIEW, None, _no_monitor),
    Rule("older_adult", Level.CLINICIAN_REVIEW, None, _older_adult),
    Rule("crps_unconfirmed", Level.CLINICIAN_REVIEW, None, _crps_unconfirmed),
    Rule("severe_crps", Level.CLINICIAN_REVIEW, "iv_infusion_clinic", _severe_crps),
    Rule("emerging_indication", Level.CLINICIAN_REVIEW, None, _emerging_indication),
)

RULES_BY_CODE: Mapping[str, Rule] = {rule.code: rule for rule in RULES}


_REASON_WORDS: Mapping[str, PlainWords] = {
    "suicide_risk": PlainWords(
        "You told us you are having thoughts of killing yourself right now. Your safety "
        "comes before anything else.",
        "Call or text 988 now to talk to a trained crisis counsellor, any time of day. If you "
        "might act on these thoughts, call 911 or go to the nearest emergency room.",
    ),
    "outside_service_area": PlainWords(
        "We can only treat people who live in Florida or New Jersey, because our physicians "
        "are licensed to practise there.",
        "Join the waiting list for your state and we will tell you if we start working there.",
    ),
    "recent_suicide_attempt": PlainWords(
        "You told us you tried to end your life in the past year. Treatment at home, without "
        "a clinician in the room, would not be safe enough for you now.",
        "Please keep working with your own doctor or a mental health service. If you feel "
        "unsafe, call or text 988, or call 911.",
    ),
    "under_18": PlainWords(
        "Our treatment is only for adults aged 18 and over.",
        "A family doctor or a children's hospital can talk through other options with you.",
    ),
    "pregnancy": PlainWords(
        "Ketamine is not known to be safe during pregnancy or breastfeeding, or while trying "
        "to become pregnant.",
        "Talk to your obstetrician or family doctor about treatments that are safe for you "
        "now. You are welcome to take the assessment again later.",
    ),
    "psychosis": PlainWords(
        "Ketamine can bring back or worsen psychosis, so we cannot offer it to people who "
        "have had psychosis.",
        "Your psychiatrist can suggest treatments that suit you better.",
    ),
    "mania": PlainWords(
        "Ketamine can make a manic or hypomanic episode worse.",
        "Please contact your psychiatrist or doctor about how you are feeling now. Once the "
        "episode has settled, you can take the assessment again.",
    ),
    "uncontrolled_hypertension": PlainWords(
        "Your blood pressure is too high for ketamine to be safe: it raises blood pressure "
        "further for a while after each dose.",
        "See your doctor about bringing your blood pressure down, then take the assessment "
        "again with a new reading.",
    ),
    "recent_cardiovascular_event": PlainWords(
        "After a heart attack, stroke or unstable angina in the past 6 months, the strain "
        "ketamine puts on the heart is too risky.",
        "Follow your cardiologist's plan. You can take the assessment again once 6 months "
        "have passed.",
    ),
    "vascular_malformation": PlainWords(
        "Ketamine raises blood pressure for a while after each dose, and that rise could make "
        "an aneurysm, a malformed blood vessel or a torn artery burst. That risk is too high "
        "for treatment at home.",
        "Talk to the specialist who looks after your blood vessels, or your family doctor, "
        "about other treatments for your pain or mood.",
    ),
    "severe_liver_disease": PlainWords(
        "The liver clears ketamine from the body, so severe liver disease makes it unsafe.",
        "Your liver specialist or family doctor can suggest other treatments.",
    ),
    "raised_icp_iop": PlainWords(
        "Ketamine can raise the pressure inside the skull and the eye, which is dangerous "
        "when that pressure is already high.",
        "Talk to your neurologist or eye doctor about other options.",
    ),
    "substance_use": PlainWords(
        "Ketamine can itself be misused, so we do not prescribe it to people with a recent "
        "alcohol or drug problem, or who have misused ketamine.",
        "Call the SAMHSA helpline on 1-800-662-4357 (free, confidential, any time) to find "
        "support near you.",
    ),
    "ketamine_adverse_reaction": PlainWords(
        "You have had an allergy, a severe reaction, or bladder problems from ketamine "
        "before, so taking it again would not be safe.",
        "Your doctor can help you look at other treatments.",
    ),
    "no_qualifying_condition": PlainWords(
        "From your answers, none of the conditions we treat is at a level where ketamine "
        "is likely to help more than it could harm.",
        "Your own doctor can look at other treatments with you. If things change, you can "
        "take the assessment again.",
    ),
    "suicidal_ideation": PlainWords(
        "You told us you have had thoughts of death or of harming yourself. A physician "
        "will talk with you about this before any treatment.",
        "If those thoughts get stronger, call or text 988 at any hour, or call 911.",
    ),
    "bipolar_history": PlainWords(
        "Ketamine can sometimes set off mania in people with bipolar disorder, so a "
        "physician needs to review your history first.",
        "Have the name of your mood medicines and your psychiatrist's details ready for "
        "the consultation.",
    ),
    "elevated_blood_pressure": PlainWords(
        "Your blood pressure is higher than ideal. Ketamine raises it for a while, so a "
        "physician will look at it first.",
        "If you can, take a few more readings at home before your consultation.",
    ),
    "blood_pressure_unknown": PlainWords(
        "We need a recent blood pressure reading, because ketamine raises blood pressure "
        "for a while after each dose.",
        "Check your blood pressure at a pharmacy or with a home monitor and bring the "
        "numbers to your consultation.",
    ),
    "heart_condition": PlainWords(
        "Ketamine makes the heart work harder for a while, so a physician needs to review "
        "your heart condition first.",
        "Have your cardiologist's name and your heart medicines ready for the consultation.",
    ),
    "respiratory_disease": PlainWords(
        "Ketamine can affect breathing, especially with severe lung disease or untreated "
        "sleep apnoea, so a physician will check this first.",
        "Bring details of your lung condition or sleep study to your consultation.",
    ),
    "hyperthyroidism": PlainWords(
        "An overactive thyroid that is not under control can make ketamine's effect on the "
        "heart stronger, so a physician will check this first.",
        "Bring your latest thyroid test results to your consultation if you have them.",
    ),
    "mild_liver_disease": PlainWords(
        "The liver clears ketamine, so a physician will check how well yours works before "
        "choosing a dose.",
        "Bring any recent liver test results to your consultation.",
    ),
    "interacting_medications": PlainWords(
        "One or more of your medicines can change how ketamine works or how safe it is.",
        "Keep taking your medicines as prescribed, and have the full list ready for your "
        "consultation.",
    ),
    "urinary_symptoms": PlainWords(
        "Ketamine can irritate and, over time, damage the bladder. Because you already have "
        "bladder symptoms, a physician needs to know how your bladder is now before any "
        "treatment.",
        "Before your consultation, note how often you pass urine and any pain, and bring any "
        "urine tests or notes from your doctor. A physician may ask for a urine test first.",
    ),
    "low_blood_pressure": PlainWords(
        "Your blood pressure reading is on the low side, so a physician will check it, and "
        "ask about dizziness or fainting, before treatment.",
        "If you can, take a few more readings at home while sitting quietly, and bring them "
        "to your consultation. If you often feel faint or dizzy, tell your own doctor.",
    ),
    "first_line_not_tried": PlainWords(
        "For depression, anxiety and PTSD, ketamine is usually for people whom standard "
        "treatments, such as antidepressant medicines or talking therapy, have not helped "
        "enough. From your answers, you have tried fewer than two of them so far.",
        "At your consultation a physician will go through what you have tried and what "
        "could come first. Your own doctor can also help you start a standard treatment, "
        "which helps many people.",
    ),
    "no_monitor": PlainWords(
        "Home sessions need another adult nearby for the whole session, in case you need help.",
        "Think about who could be with you, such as a partner, relative or friend. The "
        "physician can talk through options with you.",
    ),
    "older_adult": PlainWords(
        "For people aged 65 and over, a physician reviews health and medicines more closely "
        "before treatment.",
        "Have a list of your medicines and health conditions ready for your consultation.",
    ),
    "crps_unconfirmed": PlainWords(
        "Your answers fit CRPS, but a doctor has not confirmed it yet.",
        "Our physician will examine you by video using the standard CRPS criteria. Bring "
        "any notes or scans from your other doctors.",
    ),
    "severe_crps": PlainWords(
        "Your pain is severe. For severe CRPS, ketamine infusions given in a clinic usually "
        "work better than treatment taken at home.",
        "We can refer you to an infusion clinic. Taking ketamine at home can help keep the "
        "relief an infusion gives, and the physician will talk this through with you.",
    ),
    "emerging_indication": PlainWords(
        "The evidence for ketamine in ME/CFS is still early, so a physician will talk with "
        "you about what it may and may not do.",
        "Bring notes on your symptoms and what you have tried to your consultation.",
    ),
}

_REFERRAL_WORDS: Mapping[str, PlainWords] = {
    "crisis_988": PlainWords(
        "The 988 Suicide & Crisis Lifeline: free, confidential support from a trained "
        "counsellor, any time of day or night.",
        "Call or text 988. In an emergency, call 911.",
    ),
    "service_area_waitlist": PlainWords(
        "Our waiting list for people outside Florida and New Jersey.",
        "Leave your email address and state, and we will write when we start treating "
        "people where you live.",
    ),
    "iv_infusion_clinic": PlainWords(
        "A clinic that gives ketamine infusions into a vein, under supervision.",
        "Ask us, or your pain specialist, for a referral to an infusion clinic near you.",
    ),
}
