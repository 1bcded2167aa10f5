"""What patients are asked, in which words, and how their answers are scored, as plain
Python with no Django and no database:

- ``assessment``: the free eligibility assessment (contracts/assessment.md): its
  questionnaire, the rules that decide, the validation of answers, and its FHIR.
- ``instruments``: the check-in instruments (PEG, PHQ-9, GAD-7, PC-PTSD-5, PCL-5) and their
  scoring, sharing the assessment's items so a score means the same in both.
- ``wording``: the words each instrument is asked in (our adaptation, or the practice's
  published wording).
- ``check_in_fhir``: a completed check-in as a FHIR Observation.

The clinical rules (``clinical``) build on these.
"""
