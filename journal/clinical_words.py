"""The words ``clinical`` gives the journal's pages, in the reader's language.

``clinical`` must not import Django, so its refusals, hold words and flag advice are
English strings; this module lists every one of them for the catalogue (``gettext_noop``)
and ``clinical_words`` translates them where a page shows them. A refusal may carry numbers
(the plan's limits, the hours between doses) or be several sentences joined (the checklist
items not met): each part is matched to its message here and translated with its numbers.
Text matched by no message is looked up whole in the catalogues, and else shown as it
came; journal/tests/test_spanish.py checks that every text the rules can produce is matched.
"""

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from clinical import exercises

# clinical.safety: why a session cannot start now (Refusal.what_to_do).
REFUSALS = (
    _(
        "Your blood pressure or pulse is too high for a dose right now. Sit and rest quietly "
        "for 15 minutes, then measure again. If it is still %(systolic)s/%(diastolic)s or "
        "higher, or your pulse is over %(pulse)s, there is no dose today."
    ),
    _(
        "Your reading is very high. If you have chest pain, a bad headache, trouble "
        "breathing, weakness, or trouble seeing or speaking, call 911 now."
    ),
    _(
        "Your blood pressure or pulse is too low for a dose right now. Sit or lie down, drink a "
        "glass of water, rest 15 minutes and measure again. If you feel faint or confused, call "
        "911."
    ),
    _(
        "Those numbers cannot be right, so no dose yet. Check the cuff is on your bare upper "
        "arm, sit quietly for 5 minutes, then measure again and enter the numbers as shown."
    ),
    _(
        "Your last check was less than 15 minutes ago. Rest quietly until 15 minutes have "
        "passed, then measure again."
    ),
    _(
        "Two checks today did not allow a dose, so there is no dose today. Rest, and try again "
        "tomorrow. If this keeps happening, your care team will talk with you."
    ),
    _("Your last dose was less than %(hours)s hours ago. Doses are at least that far apart."),
    _("You have had the %(sessions)s sessions allowed in 7 days."),
    _("Please finish the questions about your last session first."),
    _(
        "You have no treatment plan in force, so no dose can be taken. Your care team will "
        "contact you."
    ),
    _(
        "There is no medicine on hand for you from a current prescription: nothing delivered, "
        "or it is used up, or the prescription has ended. You can ask for a refill or message "
        "your care team."
    ),
)

# clinical.safety: the checklist items not met, joined into one refusal.
CHECKLIST = (
    _("Your treatment monitor needs to be with you, within earshot, for the whole session."),
    _("Wait until two hours have passed since you last ate. Sips of water are fine."),
    _(
        "Do not drive or do anything risky for the rest of the day after a dose; if you "
        "cannot keep today free of that, skip today's session."
    ),
    _("Find a bed, sofa or reclining chair where you can sit or lie down safely."),
    _("Alcohol or sedatives in the last 24 hours make a dose unsafe; skip today."),
    _(
        "If you are having thoughts of harming yourself, call or text 988 now, and call 911 "
        "if you might act on them. Do not take a dose."
    ),
    _("If you feel unwell today, skip the dose and tell your care team."),
    _("If you might be pregnant, do not take a dose; message your care team today."),
)

# clinical.holds: what an open hold is about (Hold.plain), shown as a refusal and on the
# journal's overview.
HOLDS = (
    _(
        "You told us about thoughts of ending your life or hurting yourself. Your clinician "
        "will talk with you before any more doses, prescriptions or refills."
    ),
    _(
        "You reported bladder symptoms. Ketamine can irritate the bladder, so your clinician "
        "will talk with you before any more doses, prescriptions or refills."
    ),
    _(
        "You had a serious reaction or a very high blood pressure. Your clinician will talk "
        "with you before any more doses, prescriptions or refills."
    ),
)

# clinical.safety.FLAG_ADVICE: what to do now, for each flag the after-log raises.
FLAG_ADVICE = (
    _(
        "Call or text 988 now to talk to someone (para español, oprima 2). If you might act "
        "on these thoughts, call 911. Ask your treatment monitor to stay with you. Your "
        "clinician has been told and will contact you today. No more doses until they have "
        "spoken with you."
    ),
    _(
        "Sit quietly and measure your blood pressure again in 15 minutes. If you have chest "
        "pain, a bad headache, trouble breathing, weakness, or trouble seeing or speaking, "
        "call 911 now. Your clinician has been told, and there are no more doses until they "
        "have spoken with you."
    ),
    _(
        "Lie on your side, not on your back, and have your treatment monitor stay with you. "
        "If you cannot be woken, struggle to breathe, have chest pain, or keep vomiting, they "
        "should call 911. Your clinician has been told, and there are no more doses until "
        "they have spoken with you."
    ),
    _(
        "Drink water through the day. If you see blood in your urine, cannot pass urine, or "
        "have a fever, get urgent care today. Your clinician has been told, and there are no "
        "more doses until they have spoken with you."
    ),
    _(
        "Feeling very detached can be frightening. Stay where you are with your monitor until "
        "it passes. Your clinician has been told and will review your dose."
    ),
    _(
        "Lie on your side and sip water once the sickness settles. Your clinician has been "
        "told and will review your dose."
    ),
)

# clinical.safety.validate_after_log and clinical.exercises.validate_exercise_log: problems
# a form can let through, shown as the form's errors.
PROBLEMS = (
    _("Pain now takes a whole number from 0 to 10."),
    _("How detached it felt takes a whole number from 0 to 10."),
    _("The blood pressure does not look right. Please check both numbers."),
    _("That exercise is not part of the programme."),
    _("Discomfort takes a whole number from 0 to 10."),
)

# journal.actions: the journal's own refusals (JournalRefused), kept free of Django's
# translation there like the verbs' other words.
JOURNAL = (
    _("This session's after-questions are already answered."),
    _("That exercise is already logged."),
)

# clinical.exercises: each exercise's title and steps, the textures and the GMI phases.
# The pages translate them whole ({% translate exercise.title %}); ``gmi_words`` says the
# progress through the phases.
EXERCISES = (
    _("Left or right?"),
    _("Sit somewhere quiet with the picture cards or the app."),
    _(
        "Look at each picture of a hand or foot and say as fast as you can if it is a left "
        "or a right one."
    ),
    _("Do not move your own hand or foot to check. Just look and decide."),
    _("Go through the set, then note how many you got right and how it felt."),
    _("Imagined movements"),
    _("Sit comfortably with the picture cards in front of you."),
    _(
        "Look at a picture, then picture in your mind your painful hand or foot moving "
        "slowly into that position and back again. Keep the limb itself still."
    ),
    _("Do each picture two or three times, then move on to the next one."),
    _("If the pain goes up, slow down or take a break. Easier pictures first is fine."),
    _("Mirror therapy"),
    _("Put the painful limb behind the mirror or inside the mirror box, out of sight."),
    _("Take off rings and watches so both sides look the same."),
    _(
        "Watch the mirror while you slowly move your good limb. It should look as if the "
        "painful one is moving easily."
    ),
    _("Keep the movements small and gentle. Stop if the pain goes up a lot."),
    _("Touch training with textures"),
    _("Start with the softest texture on the list that you can stand."),
    _(
        "Gently stroke the skin near the painful area, then move onto it, for about a "
        "minute at a time."
    ),
    _("When that texture feels fine, move to the next, rougher one on another day."),
    _("Some discomfort is expected. Stop if it becomes sharp or stays bad afterwards."),
    _("silk or a soft scarf"),
    _("a cotton T-shirt"),
    _("a towel"),
    _("wool or felt"),
    _("the rough side of a kitchen sponge"),
    _("left or right?"),
    _("imagined movements"),
    _("mirror therapy"),
)

MESSAGES = (*REFUSALS, *CHECKLIST, *HOLDS, *FLAG_ADVICE, *PROBLEMS, *JOURNAL, *EXERCISES)

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(message: str) -> re.Pattern[str]:
    """The message as a pattern: its text exactly, each placeholder a whole number."""
    parts = _PLACEHOLDER.split(message)
    # split alternates text and placeholder names: text, name, text, name, ..., text
    pattern = "".join(
        f"(?P<{part}>\\d+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(pattern)


_PATTERNS = tuple((message, _pattern(message)) for message in MESSAGES)


def _parts(text: str) -> list[tuple[str, dict[str, str]]] | None:
    """The messages ``text`` is made of, in order, with their numbers; None when some part
    of it matches no message."""
    found = []
    at = 0
    while at < len(text):
        matches = [
            (message, match)
            for message, pattern in _PATTERNS
            if (match := pattern.match(text, at)) is not None
        ]
        if not matches:
            return None
        message, match = max(matches, key=lambda one: one[1].end())
        found.append((message, match.groupdict()))
        at = match.end()
        if at < len(text):
            if text[at] != " ":
                return None
            at += 1
    return found


def is_known(text: str) -> bool:
    """Whether every part of ``text`` is a message listed here."""
    return bool(text) and _parts(text) is not None


def clinical_words(text: str) -> str:
    """``text`` from ``clinical`` in the active language. A text matched by no message here
    goes through the catalogues as it is (the journal's own refusals, or another app's)."""
    parts = _parts(text)
    if not parts:
        return gettext(text) if text else text
    return " ".join(
        gettext(message) % numbers if numbers else gettext(message) for message, numbers in parts
    )


def gmi_words(progress: exercises.PhaseProgress) -> str:
    """``PhaseProgress.plain`` in the active language."""
    if progress.finished:
        return gettext("All three phases done. Keep up mirror therapy as your plan says.")
    return gettext(
        "Phase %(phase)s of 3 (%(label)s): %(done)s of %(needed)s comfortable sessions done."
    ) % {
        "phase": int(progress.phase),
        "label": gettext(progress.phase.label),
        "done": progress.comfortable_logs,
        "needed": progress.logs_needed,
    }
