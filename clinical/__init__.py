"""The practice's clinical rules as plain Python, with no Django and no database.

Each rule lives in exactly one place here, so that a verb, a form, a management command
and a test all ask the same question and get the same answer:

- ``budapest``: the Budapest criteria for CRPS, as a structured exam and its result.
- ``severity``: the CRPS Severity Score, and whether a change between two is real.
- ``icd10``: the diagnosis codes the practice uses, and the checks on a set of them.
- ``directions``: one unambiguous sentence of directions from structured fields.
- ``prescribing``: the checks a prescription must pass, the telemedicine policy by date.
- ``plan``: a treatment plan's dose limits and the home-session safety limits.
- ``vitals``: whether a blood pressure and pulse reading could be real.
- ``holds`` and ``policy``: the holds that stop dosing, prescribing and refills, and the
  practice's safety numbers (which may only be made stricter).
- ``chronic_pain``: Florida's chronic-pain rules (the plan review every three months).
- ``safety``: the home-session gate, the after-session flags and when the next dose may be.
- ``refills``: the refill gate, at the request and again at approval.
- ``schedule``, ``exercises``, ``outcomes``: when each check-in is due, the
  physical-therapy window, and the practice's outcomes.

What patients are asked, and how their answers are scored, is in ``questionnaires``
(the eligibility assessment and the check-in instruments), the one package below this.

The software never decides to prescribe: these functions check and explain, and the
clinician decides.
"""
