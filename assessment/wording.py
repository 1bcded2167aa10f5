"""The assessment in the visitor's language, while the engine stays language-free.

``questionnaires.assessment`` holds its words in English and imports no Django, so its
questions, answers, reasons and messages are translated where the web flow shows them
(``{% translate %}`` in the templates, ``error_message`` for the engine's messages). The
lists below name every such string, so that makemessages gathers them into this app's
catalogue; tests check they match the engine and each has its Spanish. The answers posted
are the engine's codes in every language: only the words shown change.
"""

import re
from collections.abc import Callable
from re import Match

from django.utils.translation import gettext, gettext_noop

QUESTIONNAIRE_WORDS = (
    gettext_noop("Where you live"),
    gettext_noop(
        "We can only treat people who live in Florida or New Jersey, so we start "
        "with where you live."
    ),
    gettext_noop("Which state or territory do you live in?"),
    gettext_noop("Which county do you live in?"),
    gettext_noop(
        "For example Miami-Dade, St. Johns or Bergen. Leaving off the word County is fine."
    ),
    gettext_noop("What is your home ZIP code?"),
    gettext_noop("The five digits only."),
    gettext_noop("What is your date of birth?"),
    gettext_noop("Treatment here is only for adults aged 18 and over."),
    gettext_noop("How you have been feeling"),
    gettext_noop(
        "We ask everyone these questions, because your safety matters more than "
        "anything else here. If you are in danger now, call or text 988, or call "
        "911."
    ),
    gettext_noop("Over the past few weeks, have you found yourself wishing you were dead?"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop(
        "Over the past few weeks, have you felt that you, or your family, would be "
        "better off if you were dead?"
    ),
    gettext_noop("In the past week, have you been having thoughts of killing yourself?"),
    gettext_noop("Have you ever tried to kill yourself?"),
    gettext_noop("Was that attempt, or any other, within the past 12 months?"),
    gettext_noop("Are you having thoughts of killing yourself right now?"),
    gettext_noop("What you would like help with"),
    gettext_noop("Tell us what you are hoping treatment will help, and how it affects you now."),
    gettext_noop("What would you like help with? Choose all that apply."),
    gettext_noop("Complex regional pain syndrome (CRPS)"),
    gettext_noop("Other long-lasting pain"),
    gettext_noop("Fibromyalgia"),
    gettext_noop("Migraine"),
    gettext_noop("Depression"),
    gettext_noop("Anxiety"),
    gettext_noop("Social anxiety"),
    gettext_noop("Post-traumatic stress (PTSD)"),
    gettext_noop("ME/CFS (myalgic encephalomyelitis or chronic fatigue syndrome)"),
    gettext_noop("Has a doctor diagnosed you with CRPS?"),
    gettext_noop("I'm not sure"),
    gettext_noop("Which of these have you noticed in the painful limb? Choose any that apply."),
    gettext_noop("Leave them all unticked if none of them fit."),
    gettext_noop("Burning pain, or pain from a light touch"),
    gettext_noop("Changes in skin colour or temperature"),
    gettext_noop("Swelling, or changes in sweating"),
    gettext_noop("Stiffness, weakness or tremor, or changes in hair, nails or skin"),
    gettext_noop("In the last 6 months, have you had ketamine infusions that helped?"),
    gettext_noop("For how many months have you had this pain?"),
    gettext_noop("A rough number is fine; for two years, enter 24."),
    gettext_noop("Your pain on average, from 0 (no pain) to 10 (the worst you can imagine)"),
    gettext_noop(
        "How much pain got in the way of enjoying life, from 0 (not at all) to 10 (completely)"
    ),
    gettext_noop(
        "How much pain got in the way of your day-to-day activities, from 0 (not at"
        " all) to 10 (completely)"
    ),
    gettext_noop("Little interest in, or enjoyment of, things you usually like"),
    gettext_noop("Not at all"),
    gettext_noop("On some days"),
    gettext_noop("On more than half the days"),
    gettext_noop("Nearly every day"),
    gettext_noop("Feeling low, down or hopeless"),
    gettext_noop("Sleeping badly, or sleeping far too much"),
    gettext_noop("Feeling tired, or short of energy"),
    gettext_noop("Eating much less, or much more, than usual"),
    gettext_noop("Feeling bad about yourself, or that you have let yourself or others down"),
    gettext_noop("Finding it hard to concentrate, for example on reading or television"),
    gettext_noop(
        "Moving or speaking so slowly that others could notice, or being so "
        "restless you could not keep still"
    ),
    gettext_noop("Thinking you would be better off dead, or of harming yourself"),
    gettext_noop("Feeling nervous, tense or on edge"),
    gettext_noop("Not being able to stop worrying, or to keep it under control"),
    gettext_noop("Worrying too much about lots of different things"),
    gettext_noop("Finding it hard to relax"),
    gettext_noop("Feeling so restless that sitting still is hard"),
    gettext_noop("Getting annoyed or irritated easily"),
    gettext_noop("Feeling afraid that something terrible might happen"),
    gettext_noop("Had nightmares about it, or thought about it when you did not want to?"),
    gettext_noop(
        "Tried hard not to think about it, or kept away from things that remind you of it?"
    ),
    gettext_noop("Been constantly on guard, watchful, or easily startled?"),
    gettext_noop("Felt numb, or cut off from people, activities or your surroundings?"),
    gettext_noop(
        "Felt guilty, or unable to stop blaming yourself or others, for the event "
        "or what followed it?"
    ),
    gettext_noop("Which treatments have you already tried for this? Choose all that apply."),
    gettext_noop("Leave them all unticked if you have not tried any yet."),
    gettext_noop("Nerve blocks"),
    gettext_noop("Physical therapy"),
    gettext_noop("Gabapentin or pregabalin"),
    gettext_noop("A tricyclic antidepressant, such as amitriptyline"),
    gettext_noop("An SNRI, such as duloxetine or venlafaxine"),
    gettext_noop("An SSRI, such as sertraline or fluoxetine"),
    gettext_noop("Opioid pain medicine"),
    gettext_noop("Talking therapy"),
    gettext_noop("Ketamine infusions"),
    gettext_noop("Esketamine nasal spray"),
    gettext_noop("TMS or ECT"),
    gettext_noop("Something else"),
    gettext_noop("Your health"),
    gettext_noop(
        "Ketamine is not safe for everyone. These questions help the physician "
        "check that it would be safe for you."
    ),
    gettext_noop("Are you pregnant, breastfeeding, or trying to become pregnant?"),
    gettext_noop("None of these"),
    gettext_noop("Pregnant"),
    gettext_noop("Breastfeeding"),
    gettext_noop("Trying to become pregnant"),
    gettext_noop(
        "Have you ever had psychosis, or been told you have schizophrenia or a similar condition?"
    ),
    gettext_noop("Psychosis means seeing, hearing or firmly believing things that others do not."),
    gettext_noop("Have you been diagnosed with bipolar disorder?"),
    gettext_noop("Yes, bipolar I"),
    gettext_noop("Yes, bipolar II"),
    gettext_noop("Are you in a manic or hypomanic episode right now?"),
    gettext_noop(
        "For example: hardly needing sleep, racing thoughts, or feeling unusually high or reckless."
    ),
    gettext_noop("Your most recent blood pressure: the top (systolic) number"),
    gettext_noop("Leave both numbers blank if you do not know your blood pressure."),
    gettext_noop("Your most recent blood pressure: the bottom (diastolic) number"),
    gettext_noop(
        "In the past 6 months, have you had a heart attack, a stroke, or unstable angina?"
    ),
    gettext_noop("Do you have heart failure, an irregular heartbeat, or coronary artery disease?"),
    gettext_noop(
        "Have you ever been told you have an aneurysm, a tangle of malformed blood "
        "vessels (AVM), or a tear in the wall of an artery?"
    ),
    gettext_noop(
        "An aneurysm is a bulge in a blood vessel, for example in the brain or in "
        "the aorta. Answer yes even if it was treated or repaired."
    ),
    gettext_noop("Do you have liver disease?"),
    gettext_noop("Yes, mild"),
    gettext_noop("Yes, severe (for example cirrhosis)"),
    gettext_noop(
        "Do you have raised pressure inside your skull or eye, for example from a "
        "brain tumour or bleed, or glaucoma that is not under control?"
    ),
    gettext_noop("Do you have severe lung disease, or sleep apnoea that is not being treated?"),
    gettext_noop("Do you have an overactive thyroid that is not under control?"),
    gettext_noop("In the past 12 months, have you had a problem with alcohol or drug use?"),
    gettext_noop("Have you ever used ketamine other than as prescribed?"),
    gettext_noop(
        "Have you ever had an allergy, a severe reaction, or bladder problems from ketamine?"
    ),
    gettext_noop(
        "Do you have ongoing bladder pain, or a frequent or urgent need to pass "
        "urine, or have you been told you have interstitial cystitis?"
    ),
    gettext_noop("Interstitial cystitis is also called painful bladder syndrome."),
    gettext_noop("Do you take any of these medicines? Choose all that apply."),
    gettext_noop("Leave them all unticked if you take none of them."),
    gettext_noop("A benzodiazepine, such as lorazepam or clonazepam"),
    gettext_noop("Lamotrigine"),
    gettext_noop("An MAOI antidepressant, such as phenelzine"),
    gettext_noop("A stimulant, such as one for ADHD"),
    gettext_noop("A prescription sleeping pill, such as zolpidem"),
    gettext_noop("A barbiturate, such as phenobarbital, or butalbital in some headache pills"),
    gettext_noop("A muscle relaxant, such as cyclobenzaprine, baclofen or tizanidine"),
    gettext_noop("Memantine, or dextromethorphan (in some cough medicines)"),
    gettext_noop("Other regular medicines"),
    gettext_noop("Support at home"),
    gettext_noop("Treatment happens at home, so we ask about the people around you."),
    gettext_noop("Is there an adult who can be with you during each treatment session at home?"),
    gettext_noop("They stay nearby for the whole session, in case you need help."),
    gettext_noop("Think about the past week."),
    gettext_noop("In the last two weeks, how often have you had each of these?"),
    gettext_noop(
        "Some people live through something frightening, horrible or traumatic. In "
        "the past month, because of such an experience, have you:"
    ),
)
"""Section titles and introductions, questions, help texts, answer labels, scale introductions."""

CONDITION_WORDS = (
    gettext_noop("you live in Florida or New Jersey"),
    gettext_noop("you said you have tried to kill yourself"),
    gettext_noop("you answered yes to one of the four questions before it"),
    gettext_noop("you chose CRPS"),
    gettext_noop("you chose CRPS, fibromyalgia, migraine or other pain"),
    gettext_noop("you chose depression"),
    gettext_noop("you chose anxiety or social anxiety"),
    gettext_noop("you chose PTSD"),
)
"""What finishes "This question is only asked when …"."""

OUTCOME_WORDS = (
    gettext_noop(
        "You told us you are having thoughts of killing yourself right now. Your "
        "safety comes before anything else."
    ),
    gettext_noop(
        "Call or text 988 now to talk to a trained crisis counsellor, any time of "
        "day. If you might act on these thoughts, call 911 or go to the nearest "
        "emergency room."
    ),
    gettext_noop(
        "We can only treat people who live in Florida or New Jersey, because our "
        "physicians are licensed to practise there."
    ),
    gettext_noop(
        "Join the waiting list for your state and we will tell you if we start working there."
    ),
    gettext_noop(
        "You told us you tried to end your life in the past year. Treatment at "
        "home, without a clinician in the room, would not be safe enough for you "
        "now."
    ),
    gettext_noop(
        "Please keep working with your own doctor or a mental health service. If "
        "you feel unsafe, call or text 988, or call 911."
    ),
    gettext_noop("Our treatment is only for adults aged 18 and over."),
    gettext_noop(
        "A family doctor or a children's hospital can talk through other options with you."
    ),
    gettext_noop(
        "Ketamine is not known to be safe during pregnancy or breastfeeding, or "
        "while trying to become pregnant."
    ),
    gettext_noop(
        "Talk to your obstetrician or family doctor about treatments that are safe "
        "for you now. You are welcome to take the assessment again later."
    ),
    gettext_noop(
        "Ketamine can bring back or worsen psychosis, so we cannot offer it to "
        "people who have had psychosis."
    ),
    gettext_noop("Your psychiatrist can suggest treatments that suit you better."),
    gettext_noop("Ketamine can make a manic or hypomanic episode worse."),
    gettext_noop(
        "Please contact your psychiatrist or doctor about how you are feeling now. "
        "Once the episode has settled, you can take the assessment again."
    ),
    gettext_noop(
        "Your blood pressure is too high for ketamine to be safe: it raises blood "
        "pressure further for a while after each dose."
    ),
    gettext_noop(
        "See your doctor about bringing your blood pressure down, then take the "
        "assessment again with a new reading."
    ),
    gettext_noop(
        "After a heart attack, stroke or unstable angina in the past 6 months, the "
        "strain ketamine puts on the heart is too risky."
    ),
    gettext_noop(
        "Follow your cardiologist's plan. You can take the assessment again once 6 "
        "months have passed."
    ),
    gettext_noop(
        "Ketamine raises blood pressure for a while after each dose, and that rise "
        "could make an aneurysm, a malformed blood vessel or a torn artery burst. "
        "That risk is too high for treatment at home."
    ),
    gettext_noop(
        "Talk to the specialist who looks after your blood vessels, or your family "
        "doctor, about other treatments for your pain or mood."
    ),
    gettext_noop(
        "The liver clears ketamine from the body, so severe liver disease makes it unsafe."
    ),
    gettext_noop("Your liver specialist or family doctor can suggest other treatments."),
    gettext_noop(
        "Ketamine can raise the pressure inside the skull and the eye, which is "
        "dangerous when that pressure is already high."
    ),
    gettext_noop("Talk to your neurologist or eye doctor about other options."),
    gettext_noop(
        "Ketamine can itself be misused, so we do not prescribe it to people with a"
        " recent alcohol or drug problem, or who have misused ketamine."
    ),
    gettext_noop(
        "Call the SAMHSA helpline on 1-800-662-4357 (free, confidential, any time) "
        "to find support near you."
    ),
    gettext_noop(
        "You have had an allergy, a severe reaction, or bladder problems from "
        "ketamine before, so taking it again would not be safe."
    ),
    gettext_noop("Your doctor can help you look at other treatments."),
    gettext_noop(
        "From your answers, none of the conditions we treat is at a level where "
        "ketamine is likely to help more than it could harm."
    ),
    gettext_noop(
        "Your own doctor can look at other treatments with you. If things change, "
        "you can take the assessment again."
    ),
    gettext_noop(
        "You told us you have had thoughts of death or of harming yourself. A "
        "physician will talk with you about this before any treatment."
    ),
    gettext_noop("If those thoughts get stronger, call or text 988 at any hour, or call 911."),
    gettext_noop(
        "Ketamine can sometimes set off mania in people with bipolar disorder, so a"
        " physician needs to review your history first."
    ),
    gettext_noop(
        "Have the name of your mood medicines and your psychiatrist's details ready"
        " for the consultation."
    ),
    gettext_noop(
        "Your blood pressure is higher than ideal. Ketamine raises it for a while, "
        "so a physician will look at it first."
    ),
    gettext_noop("If you can, take a few more readings at home before your consultation."),
    gettext_noop(
        "We need a recent blood pressure reading, because ketamine raises blood "
        "pressure for a while after each dose."
    ),
    gettext_noop(
        "Check your blood pressure at a pharmacy or with a home monitor and bring "
        "the numbers to your consultation."
    ),
    gettext_noop(
        "Ketamine makes the heart work harder for a while, so a physician needs to "
        "review your heart condition first."
    ),
    gettext_noop(
        "Have your cardiologist's name and your heart medicines ready for the consultation."
    ),
    gettext_noop(
        "Ketamine can affect breathing, especially with severe lung disease or "
        "untreated sleep apnoea, so a physician will check this first."
    ),
    gettext_noop("Bring details of your lung condition or sleep study to your consultation."),
    gettext_noop(
        "An overactive thyroid that is not under control can make ketamine's effect"
        " on the heart stronger, so a physician will check this first."
    ),
    gettext_noop("Bring your latest thyroid test results to your consultation if you have them."),
    gettext_noop(
        "The liver clears ketamine, so a physician will check how well yours works "
        "before choosing a dose."
    ),
    gettext_noop("Bring any recent liver test results to your consultation."),
    gettext_noop("One or more of your medicines can change how ketamine works or how safe it is."),
    gettext_noop(
        "Keep taking your medicines as prescribed, and have the full list ready for"
        " your consultation."
    ),
    gettext_noop(
        "Ketamine can irritate and, over time, damage the bladder. Because you "
        "already have bladder symptoms, a physician needs to know how your bladder "
        "is now before any treatment."
    ),
    gettext_noop(
        "Before your consultation, note how often you pass urine and any pain, and "
        "bring any urine tests or notes from your doctor. A physician may ask for a"
        " urine test first."
    ),
    gettext_noop(
        "Your blood pressure reading is on the low side, so a physician will check "
        "it, and ask about dizziness or fainting, before treatment."
    ),
    gettext_noop(
        "If you can, take a few more readings at home while sitting quietly, and "
        "bring them to your consultation. If you often feel faint or dizzy, tell "
        "your own doctor."
    ),
    gettext_noop(
        "For depression, anxiety and PTSD, ketamine is usually for people whom "
        "standard treatments, such as antidepressant medicines or talking therapy, "
        "have not helped enough. From your answers, you have tried fewer than two "
        "of them so far."
    ),
    gettext_noop(
        "At your consultation a physician will go through what you have tried and "
        "what could come first. Your own doctor can also help you start a standard "
        "treatment, which helps many people."
    ),
    gettext_noop(
        "Home sessions need another adult nearby for the whole session, in case you need help."
    ),
    gettext_noop(
        "Think about who could be with you, such as a partner, relative or friend. "
        "The physician can talk through options with you."
    ),
    gettext_noop(
        "For people aged 65 and over, a physician reviews health and medicines more"
        " closely before treatment."
    ),
    gettext_noop(
        "Have a list of your medicines and health conditions ready for your consultation."
    ),
    gettext_noop("Your answers fit CRPS, but a doctor has not confirmed it yet."),
    gettext_noop(
        "Our physician will examine you by video using the standard CRPS criteria. "
        "Bring any notes or scans from your other doctors."
    ),
    gettext_noop(
        "Your pain is severe. For severe CRPS, ketamine infusions given in a clinic"
        " usually work better than treatment taken at home."
    ),
    gettext_noop(
        "We can refer you to an infusion clinic. Taking ketamine at home can help "
        "keep the relief an infusion gives, and the physician will talk this "
        "through with you."
    ),
    gettext_noop(
        "The evidence for ketamine in ME/CFS is still early, so a physician will "
        "talk with you about what it may and may not do."
    ),
    gettext_noop("Bring notes on your symptoms and what you have tried to your consultation."),
    gettext_noop(
        "The 988 Suicide & Crisis Lifeline: free, confidential support from a "
        "trained counsellor, any time of day or night."
    ),
    gettext_noop("Call or text 988. In an emergency, call 911."),
    gettext_noop("Our waiting list for people outside Florida and New Jersey."),
    gettext_noop(
        "Leave your email address and state, and we will write when we start "
        "treating people where you live."
    ),
    gettext_noop("A clinic that gives ketamine infusions into a vein, under supervision."),
    gettext_noop("Ask us, or your pain specialist, for a referral to an infusion clinic near you."),
)
"""Each reason and referral in plain words, and its next step."""

STATE_NAMES = (
    gettext_noop("Alaska"),
    gettext_noop("Alabama"),
    gettext_noop("Arkansas"),
    gettext_noop("American Samoa"),
    gettext_noop("Arizona"),
    gettext_noop("California"),
    gettext_noop("Colorado"),
    gettext_noop("Connecticut"),
    gettext_noop("District of Columbia"),
    gettext_noop("Delaware"),
    gettext_noop("Florida"),
    gettext_noop("Georgia"),
    gettext_noop("Guam"),
    gettext_noop("Hawaii"),
    gettext_noop("Iowa"),
    gettext_noop("Idaho"),
    gettext_noop("Illinois"),
    gettext_noop("Indiana"),
    gettext_noop("Kansas"),
    gettext_noop("Kentucky"),
    gettext_noop("Louisiana"),
    gettext_noop("Massachusetts"),
    gettext_noop("Maryland"),
    gettext_noop("Maine"),
    gettext_noop("Michigan"),
    gettext_noop("Minnesota"),
    gettext_noop("Missouri"),
    gettext_noop("Northern Mariana Islands"),
    gettext_noop("Mississippi"),
    gettext_noop("Montana"),
    gettext_noop("North Carolina"),
    gettext_noop("North Dakota"),
    gettext_noop("Nebraska"),
    gettext_noop("New Hampshire"),
    gettext_noop("New Jersey"),
    gettext_noop("New Mexico"),
    gettext_noop("Nevada"),
    gettext_noop("New York"),
    gettext_noop("Ohio"),
    gettext_noop("Oklahoma"),
    gettext_noop("Oregon"),
    gettext_noop("Pennsylvania"),
    gettext_noop("Puerto Rico"),
    gettext_noop("Rhode Island"),
    gettext_noop("South Carolina"),
    gettext_noop("South Dakota"),
    gettext_noop("Tennessee"),
    gettext_noop("Texas"),
    gettext_noop("Utah"),
    gettext_noop("Virginia"),
    gettext_noop("Virgin Islands"),
    gettext_noop("Vermont"),
    gettext_noop("Washington"),
    gettext_noop("Wisconsin"),
    gettext_noop("West Virginia"),
    gettext_noop("Wyoming"),
)
"""The states and territories the first question offers."""

ERROR_WORDS = (
    gettext_noop("Please answer this question."),
    gettext_noop("Choose at least one."),
    gettext_noop("Each choice may be given only once."),
    gettext_noop("Give the two-letter USPS code of a US state or territory, such as FL."),
    gettext_noop("Give a real date as YYYY-MM-DD."),
    gettext_noop("Give the five-digit ZIP code, as text."),
    gettext_noop("We do not know this ZIP code; please check it."),
    gettext_noop("Give the name of your county."),
    gettext_noop("Give both blood pressure numbers, or leave both blank (null)."),
    gettext_noop("This is not a question in the assessment."),
)
"""The engine's fixed messages about an answer."""

_NUMBER = r"-?\d+"


def _state(name: str) -> str:
    return gettext(name)


def _quoted(value: str) -> str:
    return gettext("This value") if value == "This value" else value


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[Match[str]], str]], ...] = (
    (
        re.compile(rf"Give a whole number from (?P<low>{_NUMBER}) to (?P<high>{_NUMBER})\."),
        lambda m: gettext("Give a whole number from %(low)s to %(high)s.") % m.groupdict(),
    ),
    (
        re.compile(
            rf"Give a whole number from (?P<low>{_NUMBER}) to (?P<high>{_NUMBER}), "
            r"or null when it is not known\."
        ),
        lambda m: (
            gettext("Give a whole number from %(low)s to %(high)s, or null when it is not known.")
            % m.groupdict()
        ),
    ),
    (
        re.compile(
            rf"(?P<value>{_NUMBER}) is outside the allowed range, "
            rf"(?P<low>{_NUMBER}) to (?P<high>{_NUMBER})\."
        ),
        lambda m: (
            gettext("%(value)s is outside the allowed range, %(low)s to %(high)s.") % m.groupdict()
        ),
    ),
    (
        re.compile(r"This date is after the assessment date, (?P<date>[0-9-]+)\."),
        lambda m: gettext("This date is after the assessment date, %(date)s.") % m.groupdict(),
    ),
    (
        re.compile(r"This would make you older than (?P<age>\d+); please check the year\."),
        lambda m: (
            gettext("This would make you older than %(age)s; please check the year.")
            % m.groupdict()
        ),
    ),
    (
        re.compile(r"This ZIP code is in (?P<zip_state>.+), not (?P<state>.+)\."),
        lambda m: (
            gettext("This ZIP code is in %(zip_state)s, not %(state)s.")
            % {"zip_state": _state(m["zip_state"]), "state": _state(m["state"])}
        ),
    ),
    (
        re.compile(r"(?P<county>'.*'|This value) is not a county in (?P<state>.+)\."),
        lambda m: (
            gettext("%(county)s is not a county in %(state)s.")
            % {"county": _quoted(m["county"]), "state": _state(m["state"])}
        ),
    ),
    (
        re.compile(r"This question is only asked when (?P<condition>.+); leave it out\."),
        lambda m: (
            gettext("This question is only asked when %(condition)s; leave it out.")
            % {"condition": gettext(m["condition"])}
        ),
    ),
    (
        re.compile(r"Choose one of: (?P<codes>.+)\."),
        lambda m: gettext("Choose one of: %(codes)s.") % m.groupdict(),
    ),
    (
        re.compile(r"Give a list of choices from: (?P<codes>.+)\."),
        lambda m: gettext("Give a list of choices from: %(codes)s.") % m.groupdict(),
    ),
    (
        re.compile(r"(?P<choice>'.*'|This value) is not one of the choices: (?P<codes>.+)\."),
        lambda m: (
            gettext("%(choice)s is not one of the choices: %(codes)s.")
            % {"choice": _quoted(m["choice"]), "codes": m["codes"]}
        ),
    ),
)


def error_message(message: str) -> str:
    """One of the engine's messages about an answer, in the active language.

    A message the engine might one day add, and this module does not know yet, stays as
    the engine wrote it.
    """
    if message in ERROR_WORDS:
        return gettext(message)
    for pattern, translate in _PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            return translate(match)
    return message
