"""The eligibility questionnaire as data: sections, questions, answers, and when each is asked.

The web flow renders from it, the validator checks answers against it, and the FHIR export
turns it into a ``Questionnaire`` resource; none of them repeats what is written here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from math import ceil

from servicearea import US_STATE_CODES, state_name

type Answer = str | int | date | tuple[str, ...] | None
"""A clean answer: a code, a whole number, a date, a tuple of codes, or None (not known)."""


class Kind(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    INTEGER = "integer"
    DATE = "date"
    ZIP = "zip"
    COUNTY = "county"


@dataclass(frozen=True, slots=True)
class Option:
    """One allowed answer and the words shown for it."""

    value: str | int
    label: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """An earlier answer that makes a question apply: it is, or includes, one of ``values``."""

    link_id: str
    values: tuple[str, ...]
    value_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_set", frozenset(self.values))

    def holds(self, answer: Answer) -> bool:
        """Whether this clean earlier answer sets the trigger off."""
        if isinstance(answer, tuple):
            return not self.value_set.isdisjoint(answer)
        return answer in self.value_set


@dataclass(frozen=True, slots=True)
class AskedWhen:
    """A question's condition: asked when any of its triggers holds (FHIR enableBehavior "any")."""

    triggers: tuple[Trigger, ...]
    plain: str
    """The condition in words that finish "This question is only asked when …"."""

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        """Whether the condition holds for these clean answers (an absent answer never triggers)."""
        for trigger in self.triggers:
            if trigger.link_id in answers and trigger.holds(answers[trigger.link_id]):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its linkId, how it is answered, its words, and when it is asked."""

    link_id: str
    kind: Kind
    text: str
    help_text: str = ""
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    unknown_allowed: bool = False
    """The answer may be null, meaning "I don't know" (blood pressure)."""
    empty_allowed: bool = False
    """A multiple choice may be an empty list."""
    repeats_allowed: bool = False
    """A multiple choice may name one choice more than once (the rules count each once)."""
    asked_when: AskedWhen | None = None
    instrument: str | None = None
    loinc: str | None = None
    allowed: frozenset[str | int] = field(init=False, repr=False, compare=False)
    """The values of its options, for checking an answer quickly."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", frozenset(o.value for o in self.options))


@dataclass(frozen=True, slots=True)
class Instrument:
    """A published scale whose items sit together in a section (PHQ-9, GAD-7, PEG, …)."""

    id: str
    title: str
    intro: str
    loinc_panel: str | None = None
    loinc_score: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """One step of the assessment, asked as a whole."""

    id: str
    number: int
    title: str
    intro: str
    seconds: int
    """A typical time to answer it, for the "about N minutes" indicator."""
    questions: tuple[Question, ...]
    link_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The linkIds of its questions, in order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "link_ids", tuple(q.link_id for q in self.questions))

    @property
    def minutes(self) -> int:
        """About how many whole minutes the section takes (at least one)."""
        return max(1, round(self.seconds / 60))


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The whole assessment, identified by ``id`` and ``version``."""

    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    instruments: Mapping[str, Instrument]
    questions: Mapping[str, Question] = field(init=False)
    section_of: Mapping[str, Section] = field(init=False)

    def __post_init__(self) -> None:
        by_link_id = {q.link_id: q for s in self.sections for q in s.questions}
        object.__setattr__(self, "questions", by_link_id)
        section_of = {q.link_id: s for s in self.sections for q in s.questions}
        object.__setattr__(self, "section_of", section_of)

    @property
    def reference(self) -> str:
        """How an outcome names the questionnaire that produced it: ``<id>/<version>``."""
        return f"{self.id}/{self.version}"

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError when there is none)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def minutes_left(self, section_id: str) -> int:
        """About how many minutes remain, counting this section and the ones after it."""
        start = self.section(section_id).number
        seconds = sum(s.seconds for s in self.sections if s.number >= start)
        return max(1, ceil(seconds / 60))


YES_NO = (Option("yes", "Yes"), Option("no", "No"))

PAIN_CONDITIONS = ("crps", "chronic_pain_other", "fibromyalgia", "migraine")

_FREQUENCY = (
    Option(0, "Not at all"),
    Option(1, "On some days"),
    Option(2, "On more than half the days"),
    Option(3, "Nearly every day"),
)


def _yes_no(
    link_id: str,
    text: str,
    help_text: str = "",
    *,
    asked_when: AskedWhen | None = None,
    instrument: str | None = None,
) -> Question:
    return Question(
        link_id, Kind.CHOICE, text, help_text, YES_NO, asked_when=asked_when, instrument=instrument
    )


def _condition_chosen(plain: str, *conditions: str) -> AskedWhen:
    return AskedWhen((Trigger("conditions", conditions),), plain)


def _scale_items(
    prefix: str, instrument: str, asked_when: AskedWhen, items: tuple[tuple[str, str], ...]
) -> tuple[Question, ...]:
    return tuple(
        Question(
            f"{prefix}_{number}",
            Kind.INTEGER,
            text,
            options=_FREQUENCY,
            minimum=0,
            maximum=3,
            asked_when=asked_when,
            instrument=instrument,
            loinc=loinc,
        )
        for number, (text, loinc) in enumerate(items, start=1)
    )


_IN_SERVED_STATE = AskedWhen((Trigger("state", ("FL", "NJ")),), "you live in Florida or New Jersey")
_ANY_ASQ_YES = AskedWhen(
    tuple(Trigger(f"asq_{n}", ("yes",)) for n in range(1, 5)),
    "you answered yes to one of the four questions before it",
)
_CRPS = _condition_chosen("you chose CRPS", "crps")
_PAIN = _condition_chosen("you chose CRPS, fibromyalgia, migraine or other pain", *PAIN_CONDITIONS)
_DEPRESSION = _condition_chosen("you chose depression", "depression")
_ANXIETY = _condition_chosen("you chose anxiety or social anxiety", "anxiety", "social_anxiety")
_PTSD = _condition_chosen("you chose PTSD", "ptsd")


LOCATION = Section(
    "location",
    1,
    "Where you live",
    "We can only treat people who live in Florida or New Jersey, so we start with where you live.",
    45,
    (
        Question(
            "state",
            Kind.CHOICE,
            "Which state or territory do you live in?",
            options=tuple(Option(code, state_name(code) or code) for code in US_STATE_CODES),
        ),
        Question(
            "county",
            Kind.COUNTY,
            "Which county do you live in?",
            "For example Miami-Dade, St. Johns or Bergen. Leaving off the word County is fine.",
            asked_when=_IN_SERVED_STATE,
        ),
        Question("zip", Kind.ZIP, "What is your home ZIP code?", "The five digits only."),
        Question(
            "date_of_birth",
            Kind.DATE,
            "What is your date of birth?",
            "Treatment here is only for adults aged 18 and over.",
        ),
    ),
)

SAFETY = Section(
    "safety",
    2,
    "How you have been feeling",
    "We ask everyone these questions, because your safety matters more than anything else here. "
    "If you are in danger now, call or text 988, or call 911.",
    45,
    (
        _yes_no("asq_1", "Over the past few weeks, have you found yourself wishing you were dead?"),
        _yes_no(
            "asq_2",
            "Over the past few weeks, have you felt that you, or your family, would be better "
            "off if you were dead?",
        ),
        _yes_no("asq_3", "In the past week, have you been having thoughts of killing yourself?"),
        _yes_no("asq_4", "Have you ever tried to kill yourself?"),
        _yes_no(
            "suicide_attempt_12mo",
            "Was that attempt, or any other, within the past 12 months?",
            asked_when=AskedWhen(
                (Trigger("asq_4", ("yes",)),), "you said you have tried to kill yourself"
            ),
        ),
        _yes_no(
            "asq_5",
            "Are you having thoughts of killing yourself right now?",
            asked_when=_ANY_ASQ_YES,
        ),
    ),
)

CONDITIONS = Section(
    "conditions",
    3,
    "What you would like help with",
    "Tell us what you are hoping treatment will help, and how it affects you now.",
    120,
    (
        Question(
            "conditions",
            Kind.MULTI_CHOICE,
            "What would you like help with? Choose all that apply.",
            options=(
                Option("crps", "Complex regional pain syndrome (CRPS)"),
                Option("chronic_pain_other", "Other long-lasting pain"),
                Option("fibromyalgia", "Fibromyalgia"),
                Option("migraine", "Migraine"),
                Option("depression", "Depression"),
                Option("anxiety", "Anxiety"),
                Option("social_anxiety", "Social anxiety"),
                Option("ptsd", "Post-traumatic stress (PTSD)"),
                Option("mecfs", "ME/CFS (myalgic encephalomyelitis or chronic fatigue syndrome)"),
            ),
        ),
        Question(
            "crps_diagnosed",
            Kind.CHOICE,
            "Has a doctor diagnosed you with CRPS?",
            options=(Option("yes", "Yes"), Option("no", "No"), Option("unsure", "I'm not sure")),
            asked_when=_CRPS,
        ),
        Question(
            "crps_symptoms",
            Kind.MULTI_CHOICE,
            "Which of these have you noticed in the painful limb? Choose any that apply.",
            "Leave them all unticked if none of them fit.",
            options=(
                Option("sensory", "Burning pain, or pain from a light touch"),
                Option("vasomotor", "Changes in skin colour or temperature"),
                Option("sudomotor_edema", "Swelling, or changes in sweating"),
                Option(
                    "motor_trophic",
                    "Stiffness, weakness or tremor, or changes in hair, nails or skin",
                ),
            ),
            empty_allowed=True,
            asked_when=_CRPS,
        ),
        _yes_no(
            "iv_ketamine_recent",
            "In the last 6 months, have you had ketamine infusions that helped?",
            asked_when=_CRPS,
        ),
        Question(
            "pain_duration_months",
            Kind.INTEGER,
            "For how many months have you had this pain?",
            "A rough number is fine; for two years, enter 24.",
            minimum=0,
            maximum=600,
            asked_when=_PAIN,
        ),
        Question(
            "peg_1",
            Kind.INTEGER,
            "Your pain on average, from 0 (no pain) to 10 (the worst you can imagine)",
            minimum=0,
            maximum=10,
            asked_when=_PAIN,
            instrument="peg",
        ),
        Question(
            "peg_2",
            Kind.INTEGER,
            "How much pain got in the way of enjoying life, from 0 (not at all) to 10 (completely)",
            minimum=0,
            maximum=10,
            asked_when=_PAIN,
            instrument="peg",
            loinc="91145-3",
        ),
        Question(
            "peg_3",
            Kind.INTEGER,
            "How much pain got in the way of your day-to-day activities, from 0 (not at all) "
            "to 10 (completely)",
            minimum=0,
            maximum=10,
            asked_when=_PAIN,
            instrument="peg",
            loinc="91146-1",
        ),
        *_scale_items(
            "phq9",
            "phq9",
            _DEPRESSION,
            (
                ("Little interest in, or enjoyment of, things you usually like", "44250-9"),
                ("Feeling low, down or hopeless", "44255-8"),
                ("Sleeping badly, or sleeping far too much", "44259-0"),
                ("Feeling tired, or short of energy", "44254-1"),
                ("Eating much less, or much more, than usual", "44251-7"),
                (
                    "Feeling bad about yourself, or that you have let yourself or others down",
                    "44258-2",
                ),
                ("Finding it hard to concentrate, for example on reading or television", "44252-5"),
                (
                    "Moving or speaking so slowly that others could notice, or being so restless "
                    "you could not keep still",
                    "44253-3",
                ),
                ("Thinking you would be better off dead, or of harming yourself", "44260-8"),
            ),
        ),
        *_scale_items(
            "gad7",
            "gad7",
            _ANXIETY,
            (
                ("Feeling nervous, tense or on edge", "69725-0"),
                ("Not being able to stop worrying, or to keep it under control", "68509-9"),
                ("Worrying too much about lots of different things", "69733-4"),
                ("Finding it hard to relax", "69734-2"),
                ("Feeling so restless that sitting still is hard", "69735-9"),
                ("Getting annoyed or irritated easily", "69689-8"),
                ("Feeling afraid that something terrible might happen", "69736-7"),
            ),
        ),
        *(
            _yes_no(f"pc_ptsd5_{number}", text, asked_when=_PTSD, instrument="pc_ptsd5")
            for number, text in enumerate(
                (
                    "Had nightmares about it, or thought about it when you did not want to?",
                    "Tried hard not to think about it, or kept away from things that remind "
                    "you of it?",
                    "Been constantly on guard, watchful, or easily startled?",
                    "Felt numb, or cut off from people, activities or your surroundings?",
                    "Felt guilty, or unable to stop blaming yourself or others, for the event "
                    "or what followed it?",
                ),
                start=1,
            )
        ),
        Question(
            "prior_treatments",
            Kind.MULTI_CHOICE,
            "Which treatments have you already tried for this? Choose all that apply.",
            "Leave them all unticked if you have not tried any yet.",
            options=(
                Option("nerve_block", "Nerve blocks"),
                Option("physical_therapy", "Physical therapy"),
                Option("gabapentinoid", "Gabapentin or pregabalin"),
                Option("tricyclic", "A tricyclic antidepressant, such as amitriptyline"),
                Option("snri", "An SNRI, such as duloxetine or venlafaxine"),
                Option("ssri", "An SSRI, such as sertraline or fluoxetine"),
                Option("opioid", "Opioid pain medicine"),
                Option("psychotherapy", "Talking therapy"),
                Option("iv_ketamine", "Ketamine infusions"),
                Option("esketamine", "Esketamine nasal spray"),
                Option("tms_ect", "TMS or ECT"),
                Option("other", "Something else"),
            ),
            empty_allowed=True,
            repeats_allowed=True,
        ),
    ),
)

HEALTH = Section(
    "health",
    4,
    "Your health",
    "Ketamine is not safe for everyone. These questions help the physician check that it "
    "would be safe for you.",
    75,
    (
        Question(
            "pregnancy_status",
            Kind.CHOICE,
            "Are you pregnant, breastfeeding, or trying to become pregnant?",
            options=(
                Option("none", "None of these"),
                Option("pregnant", "Pregnant"),
                Option("breastfeeding", "Breastfeeding"),
                Option("trying", "Trying to become pregnant"),
            ),
        ),
        _yes_no(
            "psychosis_history",
            "Have you ever had psychosis, or been told you have schizophrenia or a similar "
            "condition?",
            "Psychosis means seeing, hearing or firmly believing things that others do not.",
        ),
        Question(
            "bipolar",
            Kind.CHOICE,
            "Have you been diagnosed with bipolar disorder?",
            options=(
                Option("none", "No"),
                Option("bipolar_1", "Yes, bipolar I"),
                Option("bipolar_2", "Yes, bipolar II"),
            ),
        ),
        _yes_no(
            "mania_current",
            "Are you in a manic or hypomanic episode right now?",
            "For example: hardly needing sleep, racing thoughts, or feeling unusually high or "
            "reckless.",
        ),
        Question(
            "bp_systolic",
            Kind.INTEGER,
            "Your most recent blood pressure: the top (systolic) number",
            "Leave both numbers blank if you do not know your blood pressure.",
            minimum=60,
            maximum=260,
            unknown_allowed=True,
        ),
        Question(
            "bp_diastolic",
            Kind.INTEGER,
            "Your most recent blood pressure: the bottom (diastolic) number",
            minimum=30,
            maximum=160,
            unknown_allowed=True,
        ),
        _yes_no(
            "cardiac_event_6mo",
            "In the past 6 months, have you had a heart attack, a stroke, or unstable angina?",
        ),
        _yes_no(
            "heart_condition",
            "Do you have heart failure, an irregular heartbeat, or coronary artery disease?",
        ),
        _yes_no(
            "aneurysm_avm",
            "Have you ever been told you have an aneurysm, a tangle of malformed blood vessels "
            "(AVM), or a tear in the wall of an artery?",
            "An aneurysm is a bulge in a blood vessel, for example in the brain or in the "
            "aorta. Answer yes even if it was treated or repaired.",
        ),
        Question(
            "liver_disease",
            Kind.CHOICE,
            "Do you have liver disease?",
            options=(
                Option("none", "No"),
                Option("mild", "Yes, mild"),
                Option("severe", "Yes, severe (for example cirrhosis)"),
            ),
        ),
        _yes_no(
            "icp_iop",
            "Do you have raised pressure inside your skull or eye, for example from a brain "
            "tumour or bleed, or glaucoma that is not under control?",
        ),
        _yes_no(
            "respiratory_disease",
            "Do you have severe lung disease, or sleep apnoea that is not being treated?",
        ),
        _yes_no(
            "hyperthyroid_uncontrolled",
            "Do you have an overactive thyroid that is not under control?",
        ),
        _yes_no(
            "substance_use_12mo",
            "In the past 12 months, have you had a problem with alcohol or drug use?",
        ),
        _yes_no("ketamine_misuse_history", "Have you ever used ketamine other than as prescribed?"),
        _yes_no(
            "ketamine_adverse_reaction",
            "Have you ever had an allergy, a severe reaction, or bladder problems from ketamine?",
        ),
        _yes_no(
            "urinary_symptoms",
            "Do you have ongoing bladder pain, or a frequent or urgent need to pass urine, or "
            "have you been told you have interstitial cystitis?",
            "Interstitial cystitis is also called painful bladder syndrome.",
        ),
        Question(
            "medications",
            Kind.MULTI_CHOICE,
            "Do you take any of these medicines? Choose all that apply.",
            "Leave them all unticked if you take none of them.",
            options=(
                Option("benzodiazepine", "A benzodiazepine, such as lorazepam or clonazepam"),
                Option("lamotrigine", "Lamotrigine"),
                Option("maoi", "An MAOI antidepressant, such as phenelzine"),
                Option("opioid", "Opioid pain medicine"),
                Option("stimulant", "A stimulant, such as one for ADHD"),
                Option("gabapentinoid", "Gabapentin or pregabalin"),
                Option("sleep_medicine", "A prescription sleeping pill, such as zolpidem"),
                Option(
                    "barbiturate",
                    "A barbiturate, such as phenobarbital, or butalbital in some headache pills",
                ),
                Option(
                    "muscle_relaxant",
                    "A muscle relaxant, such as cyclobenzaprine, baclofen or tizanidine",
                ),
                Option(
                    "memantine_or_dextromethorphan",
                    "Memantine, or dextromethorphan (in some cough medicines)",
                ),
                Option("other", "Other regular medicines"),
            ),
            empty_allowed=True,
        ),
    ),
)

SUPPORT = Section(
    "support",
    5,
    "Support at home",
    "Treatment happens at home, so we ask about the people around you.",
    15,
    (
        _yes_no(
            "monitor_available",
            "Is there an adult who can be with you during each treatment session at home?",
            "They stay nearby for the whole session, in case you need help.",
        ),
    ),
)

INSTRUMENTS: Mapping[str, Instrument] = {
    instrument.id: instrument
    for instrument in (
        Instrument(
            "peg",
            "Pain and how it affects you (PEG)",
            "Think about the past week.",
            loinc_panel="91148-7",
            loinc_score="91147-9",
        ),
        Instrument(
            "phq9",
            "Mood (PHQ-9)",
            "In the last two weeks, how often have you had each of these?",
            loinc_panel="44249-1",
            loinc_score="44261-6",
        ),
        Instrument(
            "gad7",
            "Worry and anxiety (GAD-7)",
            "In the last two weeks, how often have you had each of these?",
            loinc_panel="69737-5",
            loinc_score="70274-6",
        ),
        Instrument(
            "pc_ptsd5",
            "After a frightening experience (PC-PTSD-5)",
            "Some people live through something frightening, horrible or traumatic. "
            "In the past month, because of such an experience, have you:",
        ),
    )
}

QUESTIONNAIRE = Questionnaire(
    id="ketaclinic-eligibility",
    version="2.0.0",
    title="Could at-home ketamine treatment be right for you?",
    sections=(LOCATION, SAFETY, CONDITIONS, HEALTH, SUPPORT),
    instruments=INSTRUMENTS,
)
