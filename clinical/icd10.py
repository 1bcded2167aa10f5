"""The ICD-10-CM diagnosis codes the practice uses, and the checks on a set of them.

The list is curated: only codes the practice diagnoses and treats, each confirmed
against ICD-10-CM, each with a description in plain English. Codes for depression with
psychotic features (F32.3, F33.3) are left out on purpose: psychosis rules out ketamine
treatment here, so such a diagnosis belongs to a referral, not to a plan.

CRPS type I (G90.5-) and type II (G56.4-, G57.7-) exclude each other in ICD-10-CM
("Excludes1"): a patient's CRPS is one or the other, so the two are never recorded
together.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Family(StrEnum):
    """The conditions the practice's codes belong to."""

    CRPS_TYPE_I = "crps_type_i"
    CRPS_TYPE_II = "crps_type_ii"
    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    SOCIAL_ANXIETY = "social_anxiety"
    PTSD = "ptsd"
    FIBROMYALGIA = "fibromyalgia"
    MIGRAINE = "migraine"
    ME_CFS = "me_cfs"


CHRONIC_PAIN_FAMILIES = frozenset(
    {Family.CRPS_TYPE_I, Family.CRPS_TYPE_II, Family.FIBROMYALGIA, Family.MIGRAINE}
)
"""Chronic non-cancer pain: the families Florida's chronic-pain law (s. 456.44 F.S.) covers."""


@dataclass(frozen=True)
class DiagnosisCode:
    """One ICD-10-CM code on the practice's list."""

    code: str
    family: Family
    description: str


def _codes(family: Family, *entries: tuple[str, str]) -> list[DiagnosisCode]:
    return [DiagnosisCode(code, family, description) for code, description in entries]


_LIST = [
    *_codes(
        Family.CRPS_TYPE_I,
        ("G90.50", "Complex regional pain syndrome type I, site not specified"),
        ("G90.511", "Complex regional pain syndrome type I of the right arm"),
        ("G90.512", "Complex regional pain syndrome type I of the left arm"),
        ("G90.513", "Complex regional pain syndrome type I of both arms"),
        ("G90.519", "Complex regional pain syndrome type I of an arm, side not specified"),
        ("G90.521", "Complex regional pain syndrome type I of the right leg"),
        ("G90.522", "Complex regional pain syndrome type I of the left leg"),
        ("G90.523", "Complex regional pain syndrome type I of both legs"),
        ("G90.529", "Complex regional pain syndrome type I of a leg, side not specified"),
        ("G90.59", "Complex regional pain syndrome type I of another named site"),
    ),
    *_codes(
        Family.CRPS_TYPE_II,
        ("G56.40", "Complex regional pain syndrome type II of an arm, side not specified"),
        ("G56.41", "Complex regional pain syndrome type II of the right arm"),
        ("G56.42", "Complex regional pain syndrome type II of the left arm"),
        ("G56.43", "Complex regional pain syndrome type II of both arms"),
        ("G57.70", "Complex regional pain syndrome type II of a leg, side not specified"),
        ("G57.71", "Complex regional pain syndrome type II of the right leg"),
        ("G57.72", "Complex regional pain syndrome type II of the left leg"),
        ("G57.73", "Complex regional pain syndrome type II of both legs"),
    ),
    *_codes(
        Family.DEPRESSION,
        ("F32.0", "Major depression, a single episode, mild"),
        ("F32.1", "Major depression, a single episode, moderate"),
        ("F32.2", "Major depression, a single episode, severe, without psychosis"),
        ("F32.4", "Major depression, a single episode, partly in remission"),
        ("F32.5", "Major depression, a single episode, fully in remission"),
        ("F32.9", "Major depression, a single episode, severity not specified"),
        ("F33.0", "Major depression that keeps coming back, this episode mild"),
        ("F33.1", "Major depression that keeps coming back, this episode moderate"),
        (
            "F33.2",
            "Major depression that keeps coming back, this episode severe, without psychosis",
        ),
        ("F33.9", "Major depression that keeps coming back, severity not specified"),
    ),
    *_codes(
        Family.ANXIETY,
        ("F41.1", "Generalised anxiety disorder"),
        ("F41.9", "Anxiety disorder, type not specified"),
    ),
    *_codes(
        Family.SOCIAL_ANXIETY,
        ("F40.10", "Social anxiety disorder, extent not specified"),
        ("F40.11", "Social anxiety disorder, generalised to most social situations"),
    ),
    *_codes(
        Family.PTSD,
        ("F43.10", "Post-traumatic stress disorder, duration not specified"),
        ("F43.11", "Post-traumatic stress disorder, acute"),
        ("F43.12", "Post-traumatic stress disorder, chronic"),
    ),
    *_codes(Family.FIBROMYALGIA, ("M79.7", "Fibromyalgia")),
    *_codes(
        Family.MIGRAINE,
        ("G43.009", "Migraine without aura, controlled by treatment, no attack over 3 days"),
        ("G43.019", "Migraine without aura, not controlled by treatment, no attack over 3 days"),
        (
            "G43.709",
            "Chronic migraine without aura, controlled by treatment, no attack over 3 days",
        ),
    ),
    *_codes(Family.ME_CFS, ("G93.32", "Myalgic encephalomyelitis / chronic fatigue syndrome")),
]

PRACTICE_CODES: Mapping[str, DiagnosisCode] = MappingProxyType({d.code: d for d in _LIST})
"""Every code the practice uses, by code."""


def normalise_code(text: str) -> str:
    """A code as written in the list: capitals, the dot after the third character."""
    compact = text.strip().upper().replace(".", "").replace(" ", "")
    return compact if len(compact) <= 3 else f"{compact[:3]}.{compact[3:]}"


def describe(code: str) -> str:
    """The plain-English description of a code on the list; ``KeyError`` for any other."""
    return PRACTICE_CODES[normalise_code(code)].description


def family_of(code: str) -> Family | None:
    """The condition a code belongs to, or None when it is not on the list."""
    known = PRACTICE_CODES.get(normalise_code(code))
    return known.family if known else None


def check_diagnosis_codes(codes: Iterable[str]) -> list[str]:
    """The problems with a patient's set of diagnosis codes, in plain words; [] when none.

    Refused: no code at all, a code not on the practice's list, the same code twice, and
    CRPS type I recorded together with CRPS type II.
    """
    written = [normalise_code(code) for code in codes]
    if not written:
        return ["No diagnosis code is given."]
    problems = [
        f"{code} is not on the practice's list of diagnosis codes."
        for code in dict.fromkeys(written)
        if code not in PRACTICE_CODES
    ]
    problems += [
        f"{code} is listed {times} times; list each diagnosis once."
        for code, times in Counter(written).items()
        if times > 1
    ]
    type_i = [code for code in dict.fromkeys(written) if family_of(code) is Family.CRPS_TYPE_I]
    type_ii = [code for code in dict.fromkeys(written) if family_of(code) is Family.CRPS_TYPE_II]
    if type_i and type_ii:
        problems.append(
            f"CRPS type I ({', '.join(type_i)}) and CRPS type II ({', '.join(type_ii)}) "
            "cannot be recorded together: type II means a confirmed nerve injury, type I "
            "means none. Keep the one that fits."
        )
    return problems


class CrpsType(StrEnum):
    """Type I: no confirmed nerve injury. Type II: a confirmed nerve injury."""

    TYPE_I = "type_i"
    TYPE_II = "type_ii"


class Limb(StrEnum):
    """Where the CRPS is. Only type I has codes for a site not given or another site."""

    UPPER = "upper"
    LOWER = "lower"
    NOT_SPECIFIED = "not_specified"
    OTHER_SITE = "other_site"


class Side(StrEnum):
    RIGHT = "right"
    LEFT = "left"
    BOTH = "both"
    NOT_SPECIFIED = "not_specified"


_SIDE_DIGIT = {Side.RIGHT: "1", Side.LEFT: "2", Side.BOTH: "3"}
_TYPE_I_LIMB = {Limb.UPPER: "G90.51", Limb.LOWER: "G90.52"}
_TYPE_II_LIMB = {Limb.UPPER: "G56.4", Limb.LOWER: "G57.7"}


def crps_code(crps_type: CrpsType, limb: Limb, side: Side) -> str:
    """The ICD-10-CM code for a CRPS diagnosis of a type, limb and side.

    Raises ``ValueError`` with the reason when ICD-10-CM has no code for the
    combination: type II is coded only for an arm or a leg, and a side belongs only to
    an arm or a leg.
    """
    if limb in (Limb.NOT_SPECIFIED, Limb.OTHER_SITE):
        if crps_type is CrpsType.TYPE_II:
            raise ValueError("CRPS type II is coded only for an arm or a leg: choose the limb.")
        if side is not Side.NOT_SPECIFIED:
            raise ValueError("A side can be given only for an arm or a leg.")
        return "G90.50" if limb is Limb.NOT_SPECIFIED else "G90.59"
    if crps_type is CrpsType.TYPE_I:
        return _TYPE_I_LIMB[limb] + _SIDE_DIGIT.get(side, "9")
    return _TYPE_II_LIMB[limb] + _SIDE_DIGIT.get(side, "0")


def is_chronic_pain(codes: Iterable[str]) -> bool:
    """Whether any of the codes is a chronic non-cancer pain condition."""
    return any(family_of(code) in CHRONIC_PAIN_FAMILIES for code in codes)
